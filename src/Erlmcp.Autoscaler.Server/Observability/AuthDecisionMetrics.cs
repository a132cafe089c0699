using System.Diagnostics.Metrics;

namespace Erlmcp.Autoscaler.Server.Observability;

/// <summary>
/// Counts the authentication and authorization decisions the API makes, by <c>decision</c> (for example
/// <c>allowed</c>, <c>forbidden</c>, <c>unauthorized</c>) and by <c>method</c> (how the caller was identified, for
/// example <c>x509</c>, <c>front-proxy</c>, <c>token</c>, <c>anonymous</c>). Exported on <c>/metrics</c> as
/// <c>erlmcp_autoscaler_auth_decisions_total</c>.
/// </summary>
public static class AuthDecisionMetrics
{
    public const string InstrumentName = "erlmcp_autoscaler_auth_decisions_total";

    private static readonly Counter<long> Decisions = ServerTelemetry.Meter.CreateCounter<long>(
        InstrumentName, unit: null, "Authentication and authorization decisions of the metrics API, by decision and method.");

    /// <summary>Counts one decision.</summary>
    public static void Record(string decision, string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(decision);
        ArgumentException.ThrowIfNullOrEmpty(method);
        Decisions.Add(1, new KeyValuePair<string, object?>("decision", decision), new KeyValuePair<string, object?>("method", method));
    }
}
