namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// Why the plan cannot make progress right now, most serious first: the first one present becomes the reason of
/// the <c>Stalled</c> condition, and the message lists them all.
/// </summary>
internal enum StallReason
{
    InvalidSpec,
    DesiredReplicasOutOfRange,
    DrainDeadlineExceeded,
    ScaleUpRolledBack,
    NodeNotAnswering,
    PodMissing,
    StaleConnectionCounts,
    InsufficientHeadroom,
    NoSeedAvailable,
}
