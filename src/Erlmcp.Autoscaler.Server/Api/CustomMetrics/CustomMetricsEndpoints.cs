using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Api.Json;
using Erlmcp.Autoscaler.Server.Api.Selectors;
using Erlmcp.Autoscaler.Server.Connections;
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
        var services = endpoints.ServiceProvider;
        var provider = services.GetRequiredService<ICustomMetricsProvider>();
        // Bodies are reusable only when they come from the store the cache watches.
        var cache = provider is ConnectionMetricsProvider
            ? new MetricResponseCache(services.GetRequiredService<ConnectionStore>(), services.GetRequiredService<TimeProvider>())
            : null;
        endpoints.MapApiGet(Prefix + "/namespaces/{namespace}/metrics/{metric}", context =>
            ServeAsync(context, provider, cache, @namespace: null, "namespaces", context.RouteValue("namespace"), context.RouteValue("metric")));
        endpoints.MapApiGet(Prefix + "/namespaces/{namespace}/{resource}/{name}/{metric}", context =>
            ServeAsync(context, provider, cache, context.RouteValue("namespace"), context.RouteValue("resource"), context.RouteValue("name"), context.RouteValue("metric")));
        endpoints.MapApiGet(Prefix + "/{resource}/{name}/{metric}", context =>
            ServeAsync(context, provider, cache, @namespace: null, context.RouteValue("resource"), context.RouteValue("name"), context.RouteValue("metric")));
    }

    private static async Task ServeAsync(
        HttpContext context, ICustomMetricsProvider provider, MetricResponseCache? cache, string? @namespace, string resource, string name, string metric)
    {
        if (cache is null)
        {
            await ComputeAsync(context, provider, null, @namespace, resource, name, metric);
            return;
        }

        var target = context.Request.Path.Value + context.Request.QueryString.Value;
        var snapshot = cache.Snapshot();
        if (cache.TryGet(target, snapshot, out var cached))
        {
            await ApiJson.RespondAsync(context, StatusCodes.Status200OK, cached);
            return;
        }

        await ComputeAsync(context, provider, body => cache.Add(target, snapshot, body), @namespace, resource, name, metric);
    }

    private static async Task ComputeAsync(
        HttpContext context, ICustomMetricsProvider provider, Action<ReadOnlySpan<byte>>? keep, string? @namespace, string resource, string name, string metric)
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
        keep?.Invoke(body.WrittenMemory.Span);
        await ApiJson.RespondAsync(context, StatusCodes.Status200OK, body.WrittenMemory);
    }

    private static MetricValueList One(in MetricValue value)
    {
        var list = new MetricValueList(1);
        list.Add(value);
        return list;
    }
}
