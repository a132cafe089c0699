using Erlmcp.Autoscaler.Server.Api.Json;
using Erlmcp.Autoscaler.Server.Api.Selectors;
using Erlmcp.Autoscaler.Server.Metrics;

namespace Erlmcp.Autoscaler.Server.Api.CustomMetrics;

/// <summary>
/// custom.metrics.k8s.io reads, as custom-metrics-apiserver routes them: a namespaced object's metric
/// (<c>namespaces/{ns}/{resource}/{name|*}/{metric}</c>), a namespace's own (<c>namespaces/{ns}/metrics/{metric}</c>)
/// and a root-scoped object's (<c>{resource}/{name|*}/{metric}</c>). <c>*</c> selects by <c>labelSelector</c>.
/// </summary>
internal static class CustomMetricsEndpoints
{
    private const string Prefix = $"/apis/{MetricsApiGroups.CustomMetrics}/{{version}}";
    private const string AllObjects = "*";

    public static void MapCustomMetrics(this IEndpointRouteBuilder endpoints)
    {
        var provider = endpoints.ServiceProvider.GetRequiredService<ICustomMetricsProvider>();
        endpoints.MapApiGet(Prefix + "/namespaces/{namespace}/metrics/{metric}", context =>
            ServeAsync(context, provider, @namespace: null, "namespaces", context.RouteValue("namespace"), context.RouteValue("metric")));
        endpoints.MapApiGet(Prefix + "/namespaces/{namespace}/{resource}/{name}/{metric}", context =>
            ServeAsync(context, provider, context.RouteValue("namespace"), context.RouteValue("resource"), context.RouteValue("name"), context.RouteValue("metric")));
        endpoints.MapApiGet(Prefix + "/{resource}/{name}/{metric}", context =>
            ServeAsync(context, provider, @namespace: null, context.RouteValue("resource"), context.RouteValue("name"), context.RouteValue("metric")));
    }

    private static async Task ServeAsync(HttpContext context, ICustomMetricsProvider provider, string? @namespace, string resource, string name, string metric)
    {
        var version = CustomMetricsVersion.Parse(context.RouteValue("version"));
        var selector = QuerySelectors.Parse(context.Request, QuerySelectors.LabelSelector);
        var metricSelector = QuerySelectors.ParseMetricSelector(context.Request);
        var info = new CustomMetricInfo(GroupResource.Parse(resource), @namespace is not null, metric);
        using var values = name == AllObjects
            ? provider.GetMetricBySelector(@namespace, selector, info, metricSelector)
            : One(provider.GetMetricByName(@namespace, name, info, metricSelector));
        using var body = new PooledBufferWriter(512 + (values.Count * 320));
        ApiJson.Write(body, (version, values), static (writer, state) => MetricValueListWriter.Write(writer, state.version, state.values.Items));
        await ApiJson.RespondAsync(context, StatusCodes.Status200OK, body.WrittenMemory);
    }

    private static MetricValueList One(in MetricValue value)
    {
        var list = new MetricValueList(1);
        list.Add(value);
        return list;
    }
}
