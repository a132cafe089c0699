using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Connection;

/// <summary>The operations of distribution control messages (erl_dist_protocol, "Protocol between Connected Nodes").</summary>
internal static class ControlMessage
{
    public const int Link = 1;
    public const int Send = 2;
    public const int Exit = 3;
    public const int Unlink = 4;
    public const int RegSend = 6;
    public const int Exit2 = 8;
    public const int SendTt = 12;
    public const int ExitTt = 13;
    public const int RegSendTt = 16;
    public const int Exit2Tt = 18;
    public const int MonitorP = 19;
    public const int DemonitorP = 20;
    public const int MonitorPExit = 21;
    public const int SendSender = 22;
    public const int SendSenderTt = 23;
    public const int AliasSend = 33;
    public const int AliasSendTt = 34;
    public const int UnlinkId = 35;
    public const int UnlinkIdAck = 36;

    /// <summary>SEND: <c>{2, '', ToPid}</c>.</summary>
    public static ErlangTuple SendTo(ErlangPid to) => new(new ErlangInteger(Send), ErlangAtom.Empty, to);

    /// <summary>REG_SEND: <c>{6, FromPid, '', ToName}</c>.</summary>
    public static ErlangTuple RegSendTo(ErlangPid from, ErlangAtom toName) => new(new ErlangInteger(RegSend), from, ErlangAtom.Empty, toName);

    /// <summary>UNLINK_ID_ACK: <c>{36, Id, FromPid, ToPid}</c>.</summary>
    public static ErlangTuple UnlinkIdAckOf(ErlangTerm id, ErlangPid from, ErlangTerm to) => new(new ErlangInteger(UnlinkIdAck), id, from, to);
}
