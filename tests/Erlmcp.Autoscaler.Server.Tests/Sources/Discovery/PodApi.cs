using System.Text.Json.Nodes;
using System.Threading.Channels;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Erlmcp.Autoscaler.Server.Tests.Sources.Discovery;

/// <summary>
/// The pods endpoint of one namespace on a <see cref="FakeApiServer"/>: a list the test sets, and watches the test
/// feeds event by event (each written as one line and flushed, as the API server streams them) and closes.
/// </summary>
internal sealed class PodApi : IAsyncDisposable
{
    public const string Namespace = "erlmcp";
    public const string PodsPath = "/api/v1/namespaces/erlmcp/pods";

    private readonly Channel<WatchStream> watches = Channel.CreateUnbounded<WatchStream>();
    private volatile string list = PodList("1");
    private int nextWatchGone;

    private PodApi(FakeApiServer api)
    {
        Api = api;
        api.On("GET", PodsPath, HandleAsync);
    }

    public FakeApiServer Api { get; }

    public static async Task<PodApi> StartAsync() => new(await FakeApiServer.StartAsync());

    /// <summary>What the next lists answer.</summary>
    public void SetList(string resourceVersion, params JsonObject[] pods) => list = PodList(resourceVersion, pods);

    /// <summary>The next watch request is answered with HTTP 410 Gone instead of a stream.</summary>
    public void AnswerNextWatchWithGone() => Interlocked.Exchange(ref nextWatchGone, 1);

    /// <summary>The next watch the client opens (waits for it).</summary>
    public async Task<WatchStream> NextWatchAsync() => await watches.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>The requests to the pods endpoint, each as "list ?query" or "watch ?query" with the query parameters sorted.</summary>
    public IReadOnlyList<string> Requests() =>
        [.. Api.Requests.Where(request => request.Path == PodsPath).Select(request => Describe(request.Query))];

    public static JsonObject Pod(
        string name, string resourceVersion, string? ip = null, bool ready = false, string? statefulSet = "erlmcp",
        Dictionary<string, string>? labels = null, string phase = "Running", string ownerKind = "StatefulSet")
    {
        var pod = ApiFixtures.ReadObject("core.v1.Pod");
        var metadata = pod["metadata"]!.AsObject();
        metadata["name"] = name;
        metadata["namespace"] = Namespace;
        metadata["resourceVersion"] = resourceVersion;
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        var labelObject = new JsonObject();
        foreach (var (key, value) in labels ?? new Dictionary<string, string> { ["app"] = "erlmcp" })
        {
            labelObject[key] = value;
        }

        metadata["labels"] = labelObject;
        metadata["ownerReferences"] = statefulSet is null
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = ownerKind, ["name"] = statefulSet, ["uid"] = "uid-" + statefulSet, ["controller"] = true });
        var status = pod["status"]!.AsObject();
        status["phase"] = phase;
        status["conditions"] = new JsonArray(
            new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" },
            new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" });
        if (ip is null)
        {
            status.Remove("podIP");
            status.Remove("podIPs");
        }
        else
        {
            status["podIP"] = ip;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip });
        }

        return pod;
    }

    public static string Event(string type, JsonObject pod) => new JsonObject { ["type"] = type, ["object"] = pod.DeepClone() }.ToJsonString();

    public static string Bookmark(string resourceVersion) =>
        """{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":""" + $"\"{resourceVersion}\"" + "}}}";

    public static string Gone(string resourceVersion) =>
        $$"""{"type":"ERROR","object":{{FakeApiServer.StatusJson(410, "Expired", $"too old resource version: {resourceVersion} (99)")}}}""";

    public async ValueTask DisposeAsync()
    {
        watches.Writer.TryComplete();
        while (watches.Reader.TryRead(out var open))
        {
            open.Close();
        }

        await Api.DisposeAsync();
    }

    private static string PodList(string resourceVersion, params JsonObject[] pods) => new JsonObject
    {
        ["kind"] = "PodList",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
        ["items"] = new JsonArray([.. pods.Select(pod => pod.DeepClone())]),
    }.ToJsonString();

    private static string Describe(string query)
    {
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        var kind = parameters.TryGetValue("watch", out var watch) && watch == "true" ? "watch" : "list";
        return kind + " " + string.Join('&', parameters.Where(p => p.Key != "watch").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Query["watch"] != "true")
        {
            await FakeApiServer.WriteJsonAsync(context, list);
            return;
        }

        if (Interlocked.Exchange(ref nextWatchGone, 0) == 1)
        {
            await FakeApiServer.WriteJsonAsync(context, FakeApiServer.StatusJson(410, "Expired", "too old resource version"), StatusCodes.Status410Gone);
            return;
        }

        var stream = new WatchStream();
        await watches.Writer.WriteAsync(stream);
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
        try
        {
            await foreach (var line in stream.Lines.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away (it cancelled the watch).
        }
    }
}

/// <summary>One open watch: the test writes events into it and closes it.</summary>
internal sealed class WatchStream
{
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();

    public ChannelReader<string> Lines => lines.Reader;

    public void Send(params string[] events)
    {
        foreach (var line in events)
        {
            lines.Writer.TryWrite(line);
        }
    }

    /// <summary>Ends the response, as the API server does at a watch timeout or when the connection drops.</summary>
    public void Close() => lines.Writer.TryComplete();
}
