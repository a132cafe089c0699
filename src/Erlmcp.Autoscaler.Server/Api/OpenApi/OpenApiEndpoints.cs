using Erlmcp.Autoscaler.Server.Api.Json;

namespace Erlmcp.Autoscaler.Server.Api.OpenApi;

internal static class OpenApiEndpoints
{
    public static void MapOpenApi(this IEndpointRouteBuilder endpoints)
    {
        var documents = new OpenApiDocuments();
        endpoints.MapApiGet("/openapi/v2", context => ApiJson.RespondAsync(context, StatusCodes.Status200OK, documents.V2));
        endpoints.MapApiGet("/openapi/v3", context => ApiJson.RespondAsync(context, StatusCodes.Status200OK, documents.V3Discovery));
        foreach (var (path, document) in documents.V3GroupVersions)
        {
            endpoints.MapApiGet("/openapi/v3/" + path, context => ApiJson.RespondAsync(context, StatusCodes.Status200OK, document));
        }
    }
}
