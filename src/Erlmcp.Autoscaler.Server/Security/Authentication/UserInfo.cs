namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>Who made a request (user.Info): a name and the groups it belongs to.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    public const string AuthenticatedGroup = "system:authenticated";

    /// <summary>Every request when no authenticator is configured.</summary>
    public static readonly UserInfo Anonymous = new("system:anonymous", ["system:unauthenticated"]);

    /// <summary>The user with <c>system:authenticated</c> added, as kube-apiserver adds it to every authenticated user.</summary>
    public UserInfo WithAuthenticatedGroup() => Groups.Contains(AuthenticatedGroup) ? this : this with { Groups = [.. Groups, AuthenticatedGroup] };
}
