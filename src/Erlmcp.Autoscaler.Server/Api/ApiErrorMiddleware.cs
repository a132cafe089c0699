using Erlmcp.Autoscaler.Server.Api.Status;
using Erlmcp.Autoscaler.Server.Metrics;

namespace Erlmcp.Autoscaler.Server.Api;

/// <summary>Turns failures into Status responses: the request's own (4xx) as they are, anything else as a logged 500.</summary>
internal sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await StatusResponses.WriteAsync(context, e.Status);
        }
        catch (MetricNotFoundException e) when (!context.Response.HasStarted)
        {
            await StatusResponses.WriteAsync(context, ApiStatus.MetricNotFound(e.Message));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            logger.RequestFailed(e, context.Request.Method, context.Request.Path.Value ?? "/");
            await StatusResponses.WriteAsync(context, ApiStatus.InternalError());
        }
    }
}
