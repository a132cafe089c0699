using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>A port identifier (up to 64-bit numbers since OTP 24's V4_PORT_EXT).</summary>
public sealed class ErlangPort(ErlangAtom node, ulong id, uint creation) : ErlangTerm
{
    public ErlangAtom Node { get; } = node ?? throw new ArgumentNullException(nameof(node));

    public ulong Id { get; } = id;

    public uint Creation { get; } = creation;

    public override bool Equals(ErlangTerm? other) =>
        other is ErlangPort port && port.Id == Id && port.Creation == Creation && port.Node.Equals(Node);

    // The id's halves separately: ulong.GetHashCode XORs them (see ErlangInteger.GetHashCode).
    public override int GetHashCode() => HashCode.Combine(Node, (uint)Id, (uint)(Id >> 32), Creation);

    internal override void AppendTo(StringBuilder text) => text.Append("#Port<").Append(Node.Name).Append('.').Append(Id).Append('>');
}
