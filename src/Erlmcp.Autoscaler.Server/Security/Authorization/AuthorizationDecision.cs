namespace Erlmcp.Autoscaler.Server.Security.Authorization;

/// <summary>An authorizer's answer, with the reason shown in a 403 Status.</summary>
public sealed record AuthorizationDecision(bool Allowed, string Reason)
{
    public static AuthorizationDecision Allow(string reason = "") => new(true, reason);

    public static AuthorizationDecision Deny(string reason = "") => new(false, reason);
}
