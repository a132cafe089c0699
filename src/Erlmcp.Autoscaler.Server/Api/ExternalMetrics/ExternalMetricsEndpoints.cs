using Erlmcp.Autoscaler.Server.Api.Json;
using Erlmcp.Autoscaler.Server.Api.Selectors;
using Erlmcp.Autoscaler.Server.Api.Status;
using Erlmcp.Autoscaler.Server.Metrics;

namespace Erlmcp.Autoscaler.Server.Api.ExternalMetrics;

/// <summary>external.metrics.k8s.io reads: <c>namespaces/{ns}/{metric}?labelSelector=</c>.</summary>
internal static class ExternalMetricsEndpoints
{
    public static void MapExternalMetrics(this IEndpointRouteBuilder endpoints)
    {
        var provider = endpoints.ServiceProvider.GetRequiredService<IExternalMetricsProvider>();
        endpoints.MapApiGet($"/apis/{MetricsApiGroups.ExternalMetrics}/{{version}}/namespaces/{{namespace}}/{{metric}}", context => ServeAsync(context, provider));
    }

    private static async Task ServeAsync(HttpContext context, IExternalMetricsProvider provider)
    {
        if (!MetricsApiGroups.ExternalMetricsVersions.Contains(context.RouteValue("version")))
        {
            throw new ApiException(ApiStatus.NotFound());
        }

        var selector = QuerySelectors.Parse(context.Request, QuerySelectors.LabelSelector);
        var values = provider.GetExternalMetric(context.RouteValue("namespace"), selector, new ExternalMetricInfo(context.RouteValue("metric")));
        using var body = new PooledBufferWriter(512 + (values.Count * 256));
        ApiJson.Write(body, values, ExternalMetricValueListWriter.Write);
        await ApiJson.RespondAsync(context, StatusCodes.Status200OK, body.WrittenMemory);
    }
}
