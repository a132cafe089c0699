using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>The node answered an rpc call with <c>{badrpc, Reason}</c>; <see cref="Reason"/> is that term.</summary>
public sealed class ErlangRpcException : ErlangDistributionException
{
    public ErlangRpcException(string node, string call, ErlangTerm reason)
        : base($"rpc {call} on node '{node}' failed: {{badrpc, {ErlangTermText.Abbreviate(reason)}}}.")
    {
        Node = node;
        Call = call;
        Reason = reason;
    }

    public string Node { get; }

    /// <summary>The call as module:function/arity.</summary>
    public string Call { get; }

    public ErlangTerm Reason { get; }
}
