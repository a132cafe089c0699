using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Rpc;

/// <summary>
/// An rpc:call as the rex server expects it: a gen_server call
/// <c>{'$gen_call', {Self, Ref}, {call, M, F, A, user}}</c> sent to the registered name rex. rex runs the call in
/// a new process (group leader <c>user</c>, so output goes to the node's console, as for hidden C nodes) and
/// replies <c>{Ref, Result}</c>, where Result is <c>{badrpc, Reason}</c> on failure. OTP 23+ nodes call each other
/// through erpc (spawn_request), but rex still serves this form.
/// </summary>
internal static class RexCall
{
    public static readonly ErlangAtom Rex = new("rex");

    private static readonly ErlangAtom GenCall = new("$gen_call");
    private static readonly ErlangAtom Call = new("call");
    private static readonly ErlangAtom User = new("user");
    private static readonly ErlangAtom BadRpc = new("badrpc");

    public static ErlangTuple Request(ErlangPid self, ErlangRef tag, string module, string function, IReadOnlyList<ErlangTerm> arguments) =>
        new(GenCall, new ErlangTuple(self, tag), new ErlangTuple(Call, new ErlangAtom(module), new ErlangAtom(function), new ErlangList([.. arguments]), User));

    /// <summary>The reason of a <c>{badrpc, Reason}</c> result.</summary>
    public static bool IsBadRpc(ErlangTerm result, out ErlangTerm reason)
    {
        if (result is ErlangTuple { Count: 2 } tuple && tuple[0].Equals(BadRpc))
        {
            reason = tuple[1];
            return true;
        }

        reason = ErlangList.Empty;
        return false;
    }

    public static string Describe(string module, string function, int arity) => $"{module}:{function}/{arity}";
}
