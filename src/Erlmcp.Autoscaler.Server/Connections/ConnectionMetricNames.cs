namespace Erlmcp.Autoscaler.Server.Connections;

/// <summary>The names under which the connection store is served.</summary>
public static class ConnectionMetricNames
{
    /// <summary>Open connections: per pod, and summed per StatefulSet and per namespace.</summary>
    public const string Connections = "erlmcp_connections";

    /// <summary>External: open connections of the selected pods, summed.</summary>
    public const string Total = "erlmcp_connections_total";

    /// <summary>External: how many more connections the selected pods can take (limit × pods − total).</summary>
    public const string Headroom = "erlmcp_connections_headroom";

    /// <summary>The metric label of a per-pod value naming the source that reported it (for metricLabelSelector).</summary>
    public const string SourceLabel = "source";
}
