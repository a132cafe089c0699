using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary><see cref="ErlangTerm.UnwrapOk"/> met <c>{error, Reason}</c>; <see cref="Reason"/> is that term.</summary>
public sealed class ErlangErrorReplyException : ErlangDistributionException
{
    public ErlangErrorReplyException(ErlangTerm reason)
        : base($"The reply is {{error, {ErlangTermText.Abbreviate(reason)}}}.")
    {
        Reason = reason;
    }

    public ErlangTerm Reason { get; }
}
