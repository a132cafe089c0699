namespace Erlmcp.Autoscaler.Server.Options;

/// <summary>How requests are authorized once authenticated (kube-apiserver's <c>--authorization-mode</c> values).</summary>
public enum AuthorizationMode
{
    /// <summary>Every authenticated request is allowed. For local development only: the server warns loudly.</summary>
    AlwaysAllow,

    /// <summary>Every request is forbidden (the health endpoints aside).</summary>
    AlwaysDeny,

    /// <summary>
    /// The default, for production: each request is asked of the cluster through a SubjectAccessReview, as an
    /// aggregated API server delegates authorization (see Security/README.md).
    /// </summary>
    Delegated,
}
