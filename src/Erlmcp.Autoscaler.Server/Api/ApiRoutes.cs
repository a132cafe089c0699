using Erlmcp.Autoscaler.Server.Api.Status;

namespace Erlmcp.Autoscaler.Server.Api;

/// <summary>Route mapping shared by the API's endpoints.</summary>
internal static class ApiRoutes
{
    /// <summary>
    /// Maps a read-only endpoint. It takes every method so that the others get a 405 Status (with <c>Allow: GET</c>)
    /// rather than routing's empty 405.
    /// </summary>
    public static void MapApiGet(this IEndpointRouteBuilder endpoints, string pattern, RequestDelegate handler)
    {
        endpoints.Map(pattern, context =>
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                return handler(context);
            }

            context.Response.Headers.Allow = "GET";
            return StatusResponses.WriteAsync(context, ApiStatus.MethodNotAllowed());
        });
    }

    /// <summary>Every path nothing else serves: the generic 404 Status.</summary>
    public static void MapNotFoundFallback(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapFallback("{**path}", context => StatusResponses.WriteAsync(context, ApiStatus.NotFound()));

    /// <summary>A route value the pattern guarantees.</summary>
    public static string RouteValue(this HttpContext context, string name) =>
        context.Request.RouteValues[name] as string ?? throw new InvalidOperationException($"route value {name} is missing");
}
