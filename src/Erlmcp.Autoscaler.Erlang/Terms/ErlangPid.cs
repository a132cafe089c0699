using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>A process identifier: the node it lives on, its number and serial, and the node's creation.</summary>
public sealed class ErlangPid(ErlangAtom node, uint id, uint serial, uint creation) : ErlangTerm
{
    public ErlangAtom Node { get; } = node ?? throw new ArgumentNullException(nameof(node));

    public uint Id { get; } = id;

    public uint Serial { get; } = serial;

    public uint Creation { get; } = creation;

    public override bool Equals(ErlangTerm? other) =>
        other is ErlangPid pid && pid.Id == Id && pid.Serial == Serial && pid.Creation == Creation && pid.Node.Equals(Node);

    public override int GetHashCode() => HashCode.Combine(Node, Id, Serial, Creation);

    /// <summary>Prints <c>&lt;node.Id.Serial&gt;</c>: Erlang prints a node index that only means something inside one VM.</summary>
    internal override void AppendTo(StringBuilder text) =>
        text.Append('<').Append(Node.Name).Append('.').Append(Id).Append('.').Append(Serial).Append('>');
}
