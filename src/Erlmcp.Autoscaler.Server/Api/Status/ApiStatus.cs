namespace Erlmcp.Autoscaler.Server.Api.Status;

/// <summary>The failures the API answers, with the codes, reasons and messages kube-apiserver uses for them.</summary>
internal static class ApiStatus
{
    /// <summary>An unknown path, group, version or resource (the generic server response).</summary>
    public static StatusDocument NotFound() =>
        new("the server could not find the requested resource", "NotFound", new StatusDetails(), 404);

    /// <summary>A metric the provider has no value for.</summary>
    public static StatusDocument MetricNotFound(string message) => new(message, "NotFound", null, 404);

    /// <summary>Bad input in a query parameter; the message says which and what is wrong.</summary>
    public static StatusDocument BadRequest(string parameter, string problem) =>
        new($"{parameter}: {problem}", "BadRequest", new StatusDetails(Causes: [new StatusCause("FieldValueInvalid", problem, parameter)]), 400);

    public static StatusDocument Unauthorized() => new("Unauthorized", "Unauthorized", null, 401);

    public static StatusDocument Forbidden(string message, StatusDetails details) => new(message, "Forbidden", details, 403);

    public static StatusDocument MethodNotAllowed() =>
        new("the server does not allow this method on the requested resource", "MethodNotAllowed", new StatusDetails(), 405);

    public static StatusDocument UriTooLong(string what, int length, int limit) =>
        new($"the request {what} is {length} characters long; the limit is {limit}", "RequestURITooLong", new StatusDetails(), 414);

    public static StatusDocument InternalError() => InternalError("an error on the server prevented the request from succeeding");

    public static StatusDocument InternalError(string message) => new(message, "InternalError", new StatusDetails(), 500);
}
