namespace Erlmcp.Autoscaler.Erlang.Handshake;

/// <summary>The capability flags of the distribution handshake (erl_dist_protocol; kernel/include/dist.hrl).</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The protocol calls them distribution flags.")]
public enum DistributionFlags : ulong
{
    None = 0,
    Published = 0x01,
    AtomCache = 0x02,
    ExtendedReferences = 0x04,
    DistMonitor = 0x08,
    FunTags = 0x10,
    DistMonitorName = 0x20,
    HiddenAtomCache = 0x40,
    NewFunTags = 0x80,
    ExtendedPidsPorts = 0x100,
    ExportPtrTag = 0x200,
    BitBinaries = 0x400,
    NewFloats = 0x800,
    UnicodeIo = 0x1000,
    DistHdrAtomCache = 0x2000,
    SmallAtomTags = 0x4000,
    Utf8Atoms = 0x10000,
    MapTag = 0x20000,
    BigCreation = 0x40000,
    SendSender = 0x80000,
    BigSeqtraceLabels = 0x100000,
    ExitPayload = 0x400000,
    Fragments = 0x800000,
    Handshake23 = 0x1000000,
    UnlinkId = 0x2000000,
    Mandatory25Digest = 0x4000000,
    Spawn = 1UL << 32,
    NameMe = 1UL << 33,
    V4Nc = 1UL << 34,
    Alias = 1UL << 35,
}

/// <summary>The flag set this client announces, and why.</summary>
public static class ClientDistributionFlags
{
    /// <summary>The flags OTP 25 refuses a connection without (MANDATORY_DFLAGS_25 in dist.hrl).</summary>
    public const DistributionFlags MandatoryOtp25 =
        DistributionFlags.ExtendedReferences | DistributionFlags.FunTags | DistributionFlags.ExtendedPidsPorts
        | DistributionFlags.NewFunTags | DistributionFlags.ExportPtrTag | DistributionFlags.BitBinaries
        | DistributionFlags.NewFloats | DistributionFlags.Utf8Atoms | DistributionFlags.MapTag
        | DistributionFlags.BigCreation | DistributionFlags.Handshake23;

    /// <summary>
    /// What we announce: the OTP 25 set (and its digest bit, which OTP 27 requires), the new link protocol and
    /// 64-bit pids/ports that OTP 26 makes mandatory, distributed monitors and SEND_SENDER (which we decode).
    /// Never PUBLISHED: we are a hidden node. Without DIST_HDR_ATOM_CACHE, the node sends us pass-through ('p')
    /// messages with plain external terms, so no atom cache is kept; without FRAGMENTS no message is split.
    /// Without SPAWN or ALIAS: we serve no spawn requests, and rpc replies reach us as plain sends to our pid.
    /// </summary>
    public const DistributionFlags Announced =
        MandatoryOtp25 | DistributionFlags.Mandatory25Digest | DistributionFlags.UnlinkId | DistributionFlags.V4Nc
        | DistributionFlags.DistMonitor | DistributionFlags.DistMonitorName | DistributionFlags.SendSender
        | DistributionFlags.SmallAtomTags | DistributionFlags.BigSeqtraceLabels;
}
