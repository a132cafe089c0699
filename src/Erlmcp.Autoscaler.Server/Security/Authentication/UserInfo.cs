namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>Who made a request (user.Info): a name, the groups it belongs to, and, when the authenticator knows them, a uid and extra attributes.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    public const string AuthenticatedGroup = "system:authenticated";

    /// <summary>Every request when no authenticator is configured.</summary>
    public static readonly UserInfo Anonymous = new("system:anonymous", ["system:unauthenticated"]);

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoExtra = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>A unique identifier of the user, when the authenticator gives one (TokenReview does).</summary>
    public string Uid { get; init; } = "";

    /// <summary>Further attributes the authorizer may use (from <c>X-Remote-Extra-*</c> headers or a TokenReview).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Extra { get; init; } = NoExtra;

    /// <summary>The user with <c>system:authenticated</c> added, as kube-apiserver adds it to every authenticated user.</summary>
    public UserInfo WithAuthenticatedGroup() => Groups.Contains(AuthenticatedGroup) ? this : this with { Groups = [.. Groups, AuthenticatedGroup] };
}
