namespace Erlmcp.Autoscaler.Server.Metrics;

/// <summary>A custom metric served for one kind of object: <c>pods/erlmcp_connections</c>, namespaced.</summary>
public sealed record CustomMetricInfo(GroupResource GroupResource, bool Namespaced, string Metric)
{
    /// <summary>The discovery name, <c>resource.group/metric</c>.</summary>
    public override string ToString() => $"{GroupResource}/{Metric}";
}

/// <summary>An external metric, known by name alone.</summary>
public sealed record ExternalMetricInfo(string Metric);
