using System.Text.Json;
using Erlmcp.Autoscaler.Server.Api.Json;

namespace Erlmcp.Autoscaler.Server.Api.Status;

internal static class StatusResponses
{
    public static Task WriteAsync(HttpContext context, StatusDocument status)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(status, ApiJson.Context.StatusDocument);
        return ApiJson.RespondAsync(context, status.Code, (byte[])[.. body, (byte)'\n']);
    }
}
