using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>An external fun <c>fun Module:Function/Arity</c> (EXPORT_EXT).</summary>
public sealed class ErlangExportFun(ErlangAtom module, ErlangAtom function, int arity) : ErlangTerm
{
    public ErlangAtom Module { get; } = module ?? throw new ArgumentNullException(nameof(module));

    public ErlangAtom Function { get; } = function ?? throw new ArgumentNullException(nameof(function));

    public int Arity { get; } = arity is >= 0 and <= 255 ? arity : throw new ArgumentOutOfRangeException(nameof(arity), arity, "An arity is 0 to 255.");

    public override bool Equals(ErlangTerm? other) =>
        other is ErlangExportFun fun && fun.Arity == Arity && fun.Module.Equals(Module) && fun.Function.Equals(Function);

    public override int GetHashCode() => HashCode.Combine(Module, Function, Arity);

    internal override void AppendTo(StringBuilder text)
    {
        text.Append("fun ");
        Module.AppendTo(text);
        text.Append(':');
        Function.AppendTo(text);
        text.Append('/').Append(Arity);
    }
}
