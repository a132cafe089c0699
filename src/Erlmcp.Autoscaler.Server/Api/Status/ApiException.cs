namespace Erlmcp.Autoscaler.Server.Api.Status;

/// <summary>A request fails with this Status (the API's StatusError).</summary>
internal sealed class ApiException(StatusDocument status) : Exception(status.Message)
{
    public StatusDocument Status { get; } = status;
}
