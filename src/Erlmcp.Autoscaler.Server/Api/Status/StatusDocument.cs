using System.Text.Json.Serialization;

namespace Erlmcp.Autoscaler.Server.Api.Status;

/// <summary>metav1.Status as the API writes a failure: <c>{kind, apiVersion, metadata, status, message, reason, details, code}</c>.</summary>
internal sealed record StatusDocument(string Message, string Reason, StatusDetails? Details, int Code)
{
    // Upstream's field order: the constant fields come before the positional ones.
    [JsonPropertyOrder(-4)]
    public string Kind { get; init; } = "Status";

    [JsonPropertyOrder(-3)]
    public string ApiVersion { get; init; } = "v1";

    [JsonPropertyOrder(-2)]
    public EmptyMetadata Metadata { get; init; } = EmptyMetadata.Instance;

    [JsonPropertyOrder(-1)]
    public string Status { get; init; } = "Failure";
}

/// <summary>metav1.StatusDetails: what the failure is about; absent fields are left out (<c>{}</c> when none is known).</summary>
internal sealed record StatusDetails(string? Name = null, string? Group = null, string? Kind = null, IReadOnlyList<StatusCause>? Causes = null);

/// <summary>metav1.StatusCause: one reason the request failed, with the field it concerns.</summary>
internal sealed record StatusCause(string Reason, string Message, string Field);

/// <summary>The empty metav1.ListMeta the API writes as <c>{}</c>.</summary>
internal sealed class EmptyMetadata
{
    public static readonly EmptyMetadata Instance = new();
}
