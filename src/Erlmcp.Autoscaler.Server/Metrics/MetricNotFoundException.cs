namespace Erlmcp.Autoscaler.Server.Metrics;

/// <summary>
/// The provider has no value for the query (upstream's NewMetricNotFoundError family): the API answers 404 NotFound
/// with this message, never an empty list.
/// </summary>
public sealed class MetricNotFoundException : Exception
{
    public MetricNotFoundException(string message)
        : base(message)
    {
    }

    public MetricNotFoundException()
        : this("the server could not find the requested metric")
    {
    }

    public MetricNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Upstream's wording: <c>the server could not find the metric M for R</c>, then what was missing.</summary>
    public static MetricNotFoundException For(GroupResource resource, string metric, string? name, string why) =>
        new($"the server could not find the metric {metric} for {resource}{(name is null ? "" : " " + name)}: {why}");
}
