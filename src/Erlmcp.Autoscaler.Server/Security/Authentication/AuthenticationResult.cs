namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>What one authenticator made of a request: no credentials of its kind, a user, or credentials it rejects.</summary>
public sealed record AuthenticationResult
{
    private AuthenticationResult(UserInfo? user, string? failure)
    {
        User = user;
        Failure = failure;
    }

    /// <summary>The request carries no credentials this authenticator handles.</summary>
    public static AuthenticationResult NoCredentials { get; } = new(null, null);

    /// <summary>The authenticated user, or null.</summary>
    public UserInfo? User { get; }

    /// <summary>Why the credentials were rejected (for the log, never for the client), or null.</summary>
    public string? Failure { get; }

    public static AuthenticationResult Success(UserInfo user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user, null);
    }

    public static AuthenticationResult Rejected(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(null, reason);
    }
}
