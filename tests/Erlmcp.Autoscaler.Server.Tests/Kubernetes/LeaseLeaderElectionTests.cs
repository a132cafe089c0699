using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Erlmcp.Autoscaler.Server.Kubernetes;
using Erlmcp.Autoscaler.Server.Observability;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Erlmcp.Autoscaler.Server.Tests.Kubernetes;

/// <summary>
/// Leader election against a Lease kept by the fake API server. KubernetesClient's LeaderElector reads the wall clock
/// (it takes no TimeProvider), so the timings are short and every assertion waits for an event, never for a time.
/// </summary>
public sealed class LeaseLeaderElectionTests : IAsyncLifetime, IDisposable
{
    private const string LeasesPath = "/apis/coordination.k8s.io/v1/namespaces/erlmcp/leases";
    private const string LeasePath = LeasesPath + "/erlmcp-autoscaler";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly LeaseSettings settings = new("erlmcp", "erlmcp-autoscaler", "pod-a")
    {
        LeaseDuration = TimeSpan.FromSeconds(1),
        RenewDeadline = TimeSpan.FromMilliseconds(500),
        RetryPeriod = TimeSpan.FromMilliseconds(100),
    };

    private readonly List<int> leaderGauge = [];
    private FakeApiServer api = null!;
    private FakeLease lease = null!;
    private readonly MeterListener listener = new();

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        lease = new FakeLease(api);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == ServerTelemetry.Meter && instrument.Name == "erlmcp_autoscaler_leader")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            lock (leaderGauge)
            {
                leaderGauge.Add(value);
            }
        });
        listener.Start();
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    public void Dispose() => listener.Dispose();

    [Fact]
    public async Task AMissingLeaseIsCreatedAndReleasedOnShutdown()
    {
        var leading = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopping = new CancellationTokenSource();
        var run = Election().RunAsync(token => LeadUntilCancelledAsync(leading, token), stopping.Token);

        var leadToken = await leading.Task.WaitAsync(Patience);
        var created = api.Requests.Single(r => r.Method == "POST");
        Assert.Equal(LeasesPath, created.Path);
        var spec = JsonNode.Parse(created.Body)!["spec"]!;
        Assert.Equal(("pod-a", 1, 0), (spec["holderIdentity"]!.GetValue<string>(), spec["leaseDurationSeconds"]!.GetValue<int>(), spec["leaseTransitions"]!.GetValue<int>()));
        Assert.Equal(("erlmcp-autoscaler", "erlmcp"), (JsonNode.Parse(created.Body)!["metadata"]!["name"]!.GetValue<string>(), JsonNode.Parse(created.Body)!["metadata"]!["namespace"]!.GetValue<string>()));

        await stopping.CancelAsync();
        await run.WaitAsync(Patience);

        Assert.True(leadToken.IsCancellationRequested);
        var release = api.Requests[^1];
        Assert.Equal($"PUT {LeasePath}", $"{release.Method} {release.Path}");
        var released = JsonNode.Parse(release.Body)!["spec"]!;
        Assert.Equal(("", 1), (released["holderIdentity"]!.GetValue<string>(), released["leaseDurationSeconds"]!.GetValue<int>()));
        Assert.Equal("", lease.Holder);
        Assert.Equal([0, 1, 0], Gauge());
    }

    [Fact]
    public async Task ALeaseAnotherReplicaKeepsRenewingIsNotTaken()
    {
        lease.Set(holder: "pod-b", transitions: 5);
        lease.RenewedByHolderOnEveryRead = true;
        var led = false;
        using var stopping = new CancellationTokenSource();
        var run = Election().RunAsync(_ => { led = true; return Task.CompletedTask; }, stopping.Token);

        await lease.Reads(10).WaitAsync(Patience);
        await stopping.CancelAsync();
        await run.WaitAsync(Patience);

        Assert.False(led);
        Assert.DoesNotContain(api.Requests, r => r.Method != "GET");
        Assert.Equal("pod-b", lease.Holder);
        Assert.Equal([0], Gauge());
    }

    [Fact]
    public async Task ALeaseNotRenewedWithinItsDurationIsTakenOver()
    {
        lease.Set(holder: "pod-b", transitions: 5);
        var leading = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopping = new CancellationTokenSource();
        var run = Election().RunAsync(token => LeadUntilCancelledAsync(leading, token), stopping.Token);

        await leading.Task.WaitAsync(Patience);
        var takeover = api.Requests.First(r => r.Method == "PUT");
        var spec = JsonNode.Parse(takeover.Body)!["spec"]!;
        Assert.Equal(("pod-a", 6), (spec["holderIdentity"]!.GetValue<string>(), spec["leaseTransitions"]!.GetValue<int>()));
        Assert.Equal("\"resourceVersion-1\"", JsonNode.Parse(takeover.Body)!["metadata"]!["resourceVersion"]!.ToJsonString());

        await stopping.CancelAsync();
        await run.WaitAsync(Patience);
    }

    [Theory]
    [InlineData(StatusCodes.Status500InternalServerError)]
    [InlineData(StatusCodes.Status409Conflict)]
    public async Task TheLeadersTokenIsCancelledWhenRenewalFails(int failure)
    {
        var leading = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopping = new CancellationTokenSource();
        var run = Election().RunAsync(token => LeadUntilCancelledAsync(leading, token), stopping.Token);
        var leadToken = await leading.Task.WaitAsync(Patience);

        lease.FailWritesWith = failure;
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = leadToken.Register(lost.SetResult);
        await lost.Task.WaitAsync(Patience);

        Assert.False(stopping.IsCancellationRequested);
        Assert.Contains(api.Requests, r => r.Method == "PUT");
        await stopping.CancelAsync();
        await run.WaitAsync(Patience);
        Assert.Equal([0, 1, 0], Gauge()[..3]);
    }

    [Fact]
    public async Task WorkThatEndsByItselfGivesUpTheLease()
    {
        var calls = 0;
        var secondTerm = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopping = new CancellationTokenSource();
        var run = Election().RunAsync(
            async token =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    throw new InvalidOperationException("the coordinator failed");
                }

                secondTerm.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            },
            stopping.Token);

        await secondTerm.Task.WaitAsync(Patience);
        await stopping.CancelAsync();
        await run.WaitAsync(Patience);

        // Released after the failed work (holder cleared), then acquired again.
        var holders = api.Requests.Where(r => r.Method == "PUT").Select(r => JsonNode.Parse(r.Body)!["spec"]!["holderIdentity"]!.GetValue<string>()).ToList();
        var released = holders.IndexOf("");
        Assert.True(released >= 0, $"no release among the writes: {string.Join(", ", holders)}");
        Assert.Equal("pod-a", holders[released + 1]);
    }

    private LeaseLeaderElection Election() => new(api.Client, settings, NullLogger<LeaseLeaderElection>.Instance);

    private static async Task LeadUntilCancelledAsync(TaskCompletionSource<CancellationToken> leading, CancellationToken token)
    {
        leading.TrySetResult(token);
        await Task.Delay(Timeout.Infinite, token);
    }

    private List<int> Gauge()
    {
        lock (leaderGauge)
        {
            return [.. leaderGauge];
        }
    }

    /// <summary>The Lease as the API server keeps it: create, read, and replace guarded by resourceVersion.</summary>
    private sealed class FakeLease
    {
        private readonly Lock gate = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> readWaiters = [];
        private JsonObject? stored;
        private int version;
        private int reads;

        public FakeLease(FakeApiServer api)
        {
            api.On("GET", LeasePath, context => Answer(context, Read()));
            api.On("POST", LeasesPath, context => Answer(context, Create(api.Requests[^1].Body)));
            api.On("PUT", LeasePath, context => Answer(context, Replace(api.Requests[^1].Body)));
        }

        /// <summary>Another replica renews the Lease between any two reads of it.</summary>
        public bool RenewedByHolderOnEveryRead { get; set; }

        public int? FailWritesWith { get; set; }

        public string? Holder
        {
            get
            {
                lock (gate)
                {
                    return stored?["spec"]?["holderIdentity"]?.GetValue<string>();
                }
            }
        }

        public void Set(string holder, int transitions)
        {
            var lease = ApiFixtures.ReadObject("coordination.k8s.io.v1.Lease");
            var metadata = lease["metadata"]!.AsObject();
            metadata["name"] = "erlmcp-autoscaler";
            metadata["namespace"] = "erlmcp";
            metadata.Remove("deletionTimestamp");
            lease["spec"]!["holderIdentity"] = holder;
            lease["spec"]!["leaseDurationSeconds"] = 15;
            lease["spec"]!["leaseTransitions"] = transitions;
            lock (gate)
            {
                stored = lease;
                Stamp();
            }
        }

        public Task Reads(int count)
        {
            lock (gate)
            {
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                readWaiters.Add((count, reached));
                return reached.Task;
            }
        }

        private (int, string) Read()
        {
            lock (gate)
            {
                reads++;
                foreach (var waiter in readWaiters.Where(w => w.Count <= reads))
                {
                    waiter.Reached.TrySetResult();
                }

                if (stored is null)
                {
                    return (404, FakeApiServer.StatusJson(404, "NotFound", "leases.coordination.k8s.io \\\"erlmcp-autoscaler\\\" not found"));
                }

                if (RenewedByHolderOnEveryRead)
                {
                    stored["spec"]!["renewTime"] = DateTime.UtcNow.AddSeconds(reads).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
                    Stamp();
                }

                return (200, stored.ToJsonString());
            }
        }

        private (int, string) Create(string body)
        {
            lock (gate)
            {
                if (stored is not null)
                {
                    return (409, FakeApiServer.StatusJson(409, "AlreadyExists", "leases.coordination.k8s.io \\\"erlmcp-autoscaler\\\" already exists"));
                }

                stored = JsonNode.Parse(body)!.AsObject();
                Stamp();
                return (201, stored.ToJsonString());
            }
        }

        private (int, string) Replace(string body)
        {
            lock (gate)
            {
                var replacement = JsonNode.Parse(body)!.AsObject();
                if (FailWritesWith is { } failure)
                {
                    return (failure, FakeApiServer.StatusJson(failure, failure == 409 ? "Conflict" : "InternalError", "the write failed"));
                }

                if (replacement["metadata"]?["resourceVersion"]?.GetValue<string>() != stored?["metadata"]?["resourceVersion"]?.GetValue<string>())
                {
                    return (409, FakeApiServer.StatusJson(409, "Conflict", "the object has been modified"));
                }

                stored = replacement;
                Stamp();
                return (200, stored.ToJsonString());
            }
        }

        private void Stamp() => stored!["metadata"]!["resourceVersion"] = $"resourceVersion-{++version}";

        private static Task Answer(HttpContext context, (int Status, string Body) answer) => FakeApiServer.WriteJsonAsync(context, answer.Body, answer.Status);
    }
}
