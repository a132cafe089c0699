using System.Diagnostics.Metrics;
using Erlmcp.Autoscaler.Server.Observability;

namespace Erlmcp.Autoscaler.Server.Sources.Erlang;

/// <summary>The Erlang source's counters, on the server's one meter.</summary>
internal static class ErlangSourceMetrics
{
    public static readonly Counter<long> Subscriptions = ServerTelemetry.Meter.CreateCounter<long>(
        "erlmcp_autoscaler_erlang_subscriptions", description: "Pods subscribed to for the first time since they entered the pod directory.");

    public static readonly Counter<long> Resubscribes = ServerTelemetry.Meter.CreateCounter<long>(
        "erlmcp_autoscaler_erlang_resubscribes", description: "Subscriptions made again after the node connection dropped or a subscription attempt failed.");

    public static readonly Counter<long> SubscribeFailures = ServerTelemetry.Meter.CreateCounter<long>(
        "erlmcp_autoscaler_erlang_subscribe_failures", description: "Failed attempts to seed, subscribe or renew (node unreachable, wrong cookie, agent not running).");

    public static readonly Counter<long> Messages = ServerTelemetry.Meter.CreateCounter<long>(
        "erlmcp_autoscaler_erlang_messages", description: "Connection-count pushes received from nodes and recorded in the store.");
}
