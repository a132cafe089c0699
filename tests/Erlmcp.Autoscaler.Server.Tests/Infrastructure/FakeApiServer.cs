using System.Collections.Concurrent;
using System.Text;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Erlmcp.Autoscaler.Server.Tests.Infrastructure;

/// <summary>
/// Stands in for the Kubernetes API server (none can run here): plain HTTP on loopback, answering the requests a
/// test declares with the bodies it gives (recorded API JSON, see <see cref="ApiFixtures"/>), and keeping every
/// request it received. <see cref="Client"/> is a real KubernetesClient pointed at it, so what is tested is our code
/// through KubernetesClient's real serialization, URLs and watch streaming.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, RequestDelegate> routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    private FakeApiServer(WebApplication app)
    {
        this.app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
        Client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = BaseAddress.ToString() });
    }

    public Uri BaseAddress { get; }

    public IKubernetes Client { get; }

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public static async Task<FakeApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeApiServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        server = new FakeApiServer(app);
        return server;
    }

    /// <summary>Answers <paramref name="method"/> on <paramref name="path"/> (without the query) with <paramref name="handler"/>.</summary>
    public void On(string method, string path, RequestDelegate handler) => routes[Key(method, path)] = handler;

    /// <summary>Answers with a fixed status and JSON body.</summary>
    public void OnJson(string method, string path, string json, int status = StatusCodes.Status200OK) =>
        On(method, path, context => WriteJsonAsync(context, json, status));

    public static async Task WriteJsonAsync(HttpContext context, string json, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    /// <summary>A metav1.Status body as the API server sends with an error code.</summary>
    public static string StatusJson(int code, string reason, string message) =>
        $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message}}","reason":"{{reason}}","code":{{code}}}""";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static string Key(string method, string path) => method.ToUpperInvariant() + " " + path;

    private async Task HandleAsync(HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", context.Request.ContentType, body));
        if (routes.TryGetValue(Key(context.Request.Method, context.Request.Path.Value ?? ""), out var handler))
        {
            await handler(context);
            return;
        }

        await WriteJsonAsync(context, StatusJson(404, "NotFound", $"the fake API server has no answer for {context.Request.Method} {context.Request.Path}"), StatusCodes.Status404NotFound);
    }
}

/// <summary>One request the fake API server received.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType, string Body);
