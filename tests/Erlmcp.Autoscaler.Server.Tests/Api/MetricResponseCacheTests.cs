using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Server.Tests.Api;

/// <summary>
/// A repeated query is answered from the cached body only while it is still the answer: a write to the store, or a
/// value going stale on the clock, gives the new answer on the very next request.
/// </summary>
public sealed class MetricResponseCacheTests : IAsyncLifetime
{
    private const string Pods = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections";

    private RunningServer server = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        server = await RunningServer.StartAsync();
        client = server.AliceClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_new_value_is_served_on_the_next_request()
    {
        Record("erlmcp-0", 20_000, ageSeconds: 5);
        Assert.Equal("erlmcp-0=20k", await ValuesAsync());
        Assert.Equal("erlmcp-0=20k", await ValuesAsync());

        Record("erlmcp-0", 21_000, ageSeconds: 0);
        Assert.Equal("erlmcp-0=21k", await ValuesAsync());

        Record("erlmcp-1", 19_000, ageSeconds: 0);
        Assert.Equal("erlmcp-0=21k erlmcp-1=19k", await ValuesAsync());
    }

    [Fact]
    public async Task A_value_going_stale_leaves_the_answer_without_any_write()
    {
        Record("erlmcp-0", 20_000, ageSeconds: 29);
        Record("erlmcp-1", 19_000, ageSeconds: 0);
        Assert.Equal("erlmcp-0=20k erlmcp-1=19k", await ValuesAsync());

        server.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("erlmcp-0=20k erlmcp-1=19k", await ValuesAsync());

        server.Time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal("erlmcp-1=19k", await ValuesAsync());
    }

    private void Record(string pod, long connections, int ageSeconds) =>
        server.Store.Record(new PodReference("erlmcp", pod), new ConnectionObservation(connections, server.Time.GetUtcNow().AddSeconds(-ageSeconds), TimeSpan.Zero, "erlang"));

    private async Task<string> ValuesAsync()
    {
        var (code, body, _) = await Json.GetAsync(client, Pods);
        Assert.Equal(200, code);
        var items = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray();
        return string.Join(' ', items.Select(item => $"{item.GetProperty("describedObject").GetProperty("name").GetString()}={item.GetProperty("value").GetString()}"));
    }
}
