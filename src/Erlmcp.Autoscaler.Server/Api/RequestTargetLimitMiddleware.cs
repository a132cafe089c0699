using Erlmcp.Autoscaler.Server.Api.Status;

namespace Erlmcp.Autoscaler.Server.Api;

/// <summary>
/// Refuses absurdly long paths and queries with a 414 Status before anything parses them. Every valid path is far
/// shorter (names are at most 253 characters); a query carries label selectors, which may list many values.
/// Kestrel's own request-line limit, above these, answers longer lines with a bare 414.
/// </summary>
internal sealed class RequestTargetLimitMiddleware(RequestDelegate next)
{
    public const int MaxPathLength = 2048;
    public const int MaxQueryLength = 16 * 1024;

    /// <summary>Kestrel's request-line limit: room for both limits above, so that they answer first.</summary>
    public const int KestrelRequestLineLimit = 32 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var pathLength = context.Request.PathBase.Value?.Length + context.Request.Path.Value?.Length ?? 0;
        if (pathLength > MaxPathLength)
        {
            return StatusResponses.WriteAsync(context, ApiStatus.UriTooLong("path", pathLength, MaxPathLength));
        }

        var queryLength = context.Request.QueryString.Value?.Length ?? 0;
        return queryLength > MaxQueryLength
            ? StatusResponses.WriteAsync(context, ApiStatus.UriTooLong("query", queryLength, MaxQueryLength))
            : next(context);
    }
}
