namespace Erlmcp.Autoscaler.Server.Security.Authorization;

/// <summary><c>--authorization-mode AlwaysAllow</c>: everything is allowed. Development only.</summary>
public sealed class AlwaysAllowAuthorizer : IRequestAuthorizer
{
    private static readonly AuthorizationDecision Allowed = AuthorizationDecision.Allow();

    public ValueTask<AuthorizationDecision> AuthorizeAsync(RequestAttributes attributes, CancellationToken cancellationToken) => ValueTask.FromResult(Allowed);
}

/// <summary><c>--authorization-mode AlwaysDeny</c>: everything is forbidden.</summary>
public sealed class AlwaysDenyAuthorizer : IRequestAuthorizer
{
    private static readonly AuthorizationDecision Denied = AuthorizationDecision.Deny("Everything is forbidden.");

    public ValueTask<AuthorizationDecision> AuthorizeAsync(RequestAttributes attributes, CancellationToken cancellationToken) => ValueTask.FromResult(Denied);
}
