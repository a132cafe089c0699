using Erlmcp.Autoscaler.Server.Api.Json;

namespace Erlmcp.Autoscaler.Server.Api.Discovery;

internal static class DiscoveryEndpoints
{
    public static void MapDiscovery(this IEndpointRouteBuilder endpoints)
    {
        var documents = endpoints.ServiceProvider.GetRequiredService<DiscoveryDocuments>();
        Serve(endpoints, "/apis", documents.ApiGroups);
        Serve(endpoints, $"/apis/{MetricsApiGroups.CustomMetrics}", documents.CustomMetricsGroup);
        Serve(endpoints, $"/apis/{MetricsApiGroups.ExternalMetrics}", documents.ExternalMetricsGroup);
        foreach (var (version, list) in documents.CustomMetricsVersions)
        {
            Serve(endpoints, $"/apis/{MetricsApiGroups.CustomMetrics}/{version}", list);
        }

        foreach (var (version, list) in documents.ExternalMetricsVersions)
        {
            Serve(endpoints, $"/apis/{MetricsApiGroups.ExternalMetrics}/{version}", list);
        }
    }

    private static void Serve(IEndpointRouteBuilder endpoints, string path, byte[] document) =>
        endpoints.MapApiGet(path, context => ApiJson.RespondAsync(context, StatusCodes.Status200OK, document));
}
