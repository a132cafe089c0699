using Erlmcp.Autoscaler.Server.Api.Health;
using Erlmcp.Autoscaler.Server.Api.Status;
using Erlmcp.Autoscaler.Server.Observability;
using Erlmcp.Autoscaler.Server.Security.Authentication;
using Erlmcp.Autoscaler.Server.Security.Authentication.FrontProxy;
using Erlmcp.Autoscaler.Server.Security.Authorization;

namespace Erlmcp.Autoscaler.Server.Security;

/// <summary>
/// Authentication, then authorization, before any API handler, as kube-apiserver's filter chain does. The health
/// paths are served to anyone. With no authenticator configured every request is anonymous; with one, a request none
/// of them authenticates gets a 401 Status. The identity headers are then removed, so that only a verified front
/// proxy's <c>X-Remote-*</c> headers ever count. A request the authorizer does not allow gets a 403 Status; one it
/// cannot decide (the SubjectAccessReview fails) a 500, as kube-apiserver's authorization filter answers.
/// </summary>
internal sealed class ApiSecurityMiddleware(
    RequestDelegate next,
    IEnumerable<IRequestAuthenticator> authenticators,
    IRequestAuthorizer authorizer,
    AuthenticationHeaders identityHeaders,
    ILogger<ApiSecurityMiddleware> logger)
{
    private readonly IRequestAuthenticator[] authenticators = [.. authenticators];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (HealthEndpoints.UnauthenticatedPaths.Contains(path))
        {
            await next(context);
            return;
        }

        var (user, method) = await AuthenticateAsync(context);
        identityHeaders.Clear(context.Request.Headers, authenticated: user is not null);
        if (user is null)
        {
            AuthDecisionMetrics.Record("unauthorized", method);
            await StatusResponses.WriteAsync(context, ApiStatus.Unauthorized());
            return;
        }

        var attributes = RequestAttributes.For(user, context.Request.Method, path);
        AuthorizationDecision decision;
        try
        {
            decision = await authorizer.AuthorizeAsync(attributes, context.RequestAborted);
        }
        catch (DelegatedReviewException e)
        {
            AuthDecisionMetrics.Record("error", method);
            SecurityLog.AuthorizationUnavailable(logger, context.Request.Method, path, e.Message);
            await StatusResponses.WriteAsync(context, AuthorizationError(context, e));
            return;
        }

        AuthDecisionMetrics.Record(decision.Allowed ? "allowed" : "forbidden", method);
        if (!decision.Allowed)
        {
            logger.Forbidden(user.Name, attributes.Verb, path, decision.Reason);
            await StatusResponses.WriteAsync(context, Forbidden(attributes, decision.Reason));
            return;
        }

        await next(context);
    }

    /// <summary>The user and the method that identified it; a null user (with method <c>none</c>) when none did.</summary>
    private async ValueTask<(UserInfo? User, string Method)> AuthenticateAsync(HttpContext context)
    {
        if (authenticators.Length == 0)
        {
            return (UserInfo.Anonymous, "anonymous");
        }

        // As upstream's union authenticator: the first user wins; the failures matter only when none authenticates.
        List<string>? failures = null;
        foreach (var authenticator in authenticators)
        {
            var result = await authenticator.AuthenticateAsync(context, context.RequestAborted);
            if (result.User is { } user)
            {
                return (user.WithAuthenticatedGroup(), authenticator.Method);
            }

            if (result.Failure is { } failure)
            {
                (failures ??= []).Add(failure);
            }
        }

        if (failures is not null && logger.IsEnabled(LogLevel.Information))
        {
            logger.Unauthenticated(context.Request.Path.Value ?? "/", string.Join("; ", failures));
        }

        return (null, "none");
    }

    /// <summary>
    /// kube-apiserver answers an authorizer error with 500 and <c>Internal Server Error: "&lt;uri&gt;": &lt;error&gt;</c>
    /// (as plain text); here the same message in a Status, like every other error of this API.
    /// </summary>
    internal static StatusDocument AuthorizationError(HttpContext context, DelegatedReviewException error)
    {
        var uri = context.Request.Path.Value + context.Request.QueryString.Value;
        return ApiStatus.InternalError($"Internal Server Error: \"{uri}\": {error.Message}");
    }

    /// <summary>kube-apiserver's forbidden message: <c>pods.custom.metrics.k8s.io "*" is forbidden: User "u" cannot get resource ...</c>.</summary>
    internal static StatusDocument Forbidden(RequestAttributes attributes, string reason)
    {
        var user = attributes.User.Name;
        string cannot;
        if (!attributes.IsResourceRequest)
        {
            cannot = $"User \"{user}\" cannot {attributes.Verb} path \"{attributes.Path}\"";
        }
        else
        {
            var resource = attributes.Subresource.Length > 0 ? $"{attributes.Resource}/{attributes.Subresource}" : attributes.Resource;
            cannot = attributes.Namespace.Length > 0
                ? $"User \"{user}\" cannot {attributes.Verb} resource \"{resource}\" in API group \"{attributes.ApiGroup}\" in the namespace \"{attributes.Namespace}\""
                : $"User \"{user}\" cannot {attributes.Verb} resource \"{resource}\" in API group \"{attributes.ApiGroup}\" at the cluster scope";
        }

        if (reason.Length > 0)
        {
            cannot += ": " + reason;
        }

        if (!attributes.IsResourceRequest)
        {
            return ApiStatus.Forbidden($"forbidden: {cannot}", new StatusDetails());
        }

        var qualified = attributes.ApiGroup.Length > 0 ? $"{attributes.Resource}.{attributes.ApiGroup}" : attributes.Resource;
        var subject = attributes.Name.Length > 0 ? $"{qualified} \"{attributes.Name}\"" : qualified;
        return ApiStatus.Forbidden(
            $"{subject} is forbidden: {cannot}",
            new StatusDetails(Name: attributes.Name.Length > 0 ? attributes.Name : null, Group: attributes.ApiGroup, Kind: attributes.Resource));
    }
}
