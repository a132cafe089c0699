using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Tests.Coordinator.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Erlmcp.Autoscaler.Server.Tests.Coordinator;

public sealed class CoordinatorHostTests : IDisposable
{
    private readonly string _cookieFile = Path.GetTempFileName();

    public CoordinatorHostTests() => File.WriteAllText(_cookieFile, "COOKIE-FOR-TESTS\n");

    public void Dispose() => File.Delete(_cookieFile);

    [Fact]
    public void The_coordinator_is_off_unless_enabled()
    {
        var builder = Builder([]);

        builder.AddCoordinator();

        Assert.DoesNotContain(builder.Services, s => s.ServiceType == typeof(INodeAdmin) || s.ImplementationType == typeof(CoordinatorService));
    }

    [Fact]
    public void Missing_settings_are_each_named_by_key()
    {
        var error = Assert.Throws<MetricsApiConfigurationException>(() => Builder(new() { ["Coordinator:Enabled"] = "true" }).AddCoordinator());

        Assert.Equal(
            [
                "Coordinator:Namespace: is required (the namespace of the ErlmcpCluster)",
                "Coordinator:ClusterName: is required (the name of the ErlmcpCluster)",
                "Coordinator:Erlang:CookieFile: is required (the file holding the erlmcp nodes' cookie)",
            ],
            error.Message.Split(Environment.NewLine));
    }

    [Fact]
    public void Bad_values_are_each_named_by_key_with_the_value()
    {
        var settings = Enabled();
        settings["Coordinator:TickSeconds"] = "0";
        settings["Coordinator:LeaveTimeoutSeconds"] = "12";
        settings["Coordinator:Erlang:CookieFile"] = "/nonexistent/cookie";
        settings["Coordinator:Erlang:TlsKeyFile"] = _cookieFile;

        var error = Assert.Throws<MetricsApiConfigurationException>(() => Builder(settings).AddCoordinator());

        Assert.Equal(
            [
                "Coordinator:TickSeconds: 0 must be a positive number of seconds",
                "Coordinator:LeaveTimeoutSeconds: 12 must be less than Coordinator:NodeCallTimeoutSeconds (10), or the call times out before the node has left",
                "Coordinator:Erlang:CookieFile: file \"/nonexistent/cookie\" does not exist",
                "Coordinator:Erlang:TlsCertFile: is required when Coordinator:Erlang:TlsKeyFile is set",
            ],
            error.Message.Split(Environment.NewLine));
    }

    [Fact]
    public void A_value_that_does_not_convert_is_named_by_key()
    {
        var settings = Enabled();
        settings["Coordinator:TickSeconds"] = "often";

        var error = Assert.Throws<MetricsApiConfigurationException>(() => Builder(settings).AddCoordinator());

        Assert.Contains("'Coordinator:TickSeconds'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_the_Erlang_client_refuses_is_reported_under_the_Erlang_section()
    {
        var settings = Enabled();
        settings["Coordinator:Erlang:EpmdPort"] = "70000";

        var error = Assert.Throws<MetricsApiConfigurationException>(() => Builder(settings).AddCoordinator());

        Assert.Equal("Coordinator:Erlang: EpmdPort must be between 1 and 65535 (was 70000)", error.Message);
    }

    [Fact]
    public async Task Enabled_it_reaches_the_nodes_through_the_Erlang_client_with_the_call_timeout()
    {
        var settings = Enabled();
        settings["Coordinator:NodeCallTimeoutSeconds"] = "7";
        var builder = Builder(settings);

        builder.AddCoordinator();
        await using var provider = builder.Services.BuildServiceProvider();

        var admin = Assert.IsType<ErlangNodeAdmin>(provider.GetRequiredService<INodeAdmin>());
        Assert.Equal(TimeSpan.FromSeconds(7), admin.CallTimeout);
        Assert.IsType<SingleReplicaLeadership>(provider.GetRequiredService<ILeaderElection>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<CoordinatorService>());
    }

    [Fact]
    public async Task The_hosted_service_runs_the_coordinator_while_leading_and_stops_with_the_host()
    {
        var scenario = new CoordinatorScenario("hosted", replicas: 2, connectionsPerPod: 10);
        scenario.Resources.SetDesiredReplicas(3);
        var settings = Enabled();
        settings["Coordinator:ClusterName"] = "hosted";
        var builder = Builder(settings);
        builder.Services.AddSingleton<TimeProvider>(scenario.Time);
        builder.Services.AddSingleton<IClusterResources>(scenario.Resources);
        builder.Services.AddSingleton<INodeAdmin>(scenario.Agents);

        builder.AddCoordinator();
        await using var provider = builder.Services.BuildServiceProvider();
        var service = provider.GetServices<IHostedService>().OfType<CoordinatorService>().Single();
        await service.StartAsync(CancellationToken.None);
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (scenario.Journal.Calls.Count == 0)
            {
                await Task.Delay(10, patience.Token);
            }
        }

        await service.StopAsync(CancellationToken.None);

        Assert.Equal(["scale 3"], scenario.Journal.Calls);
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task With_leader_election_on_and_no_Lease_registered_the_service_says_what_is_missing()
    {
        var settings = Enabled();
        settings["Coordinator:LeaderElection"] = "true";
        var builder = Builder(settings);
        builder.AddCoordinator();
        await using var provider = builder.Services.BuildServiceProvider();
        var service = provider.GetServices<IHostedService>().OfType<CoordinatorService>().Single();

        // The service fails (and with it the host, by default) rather than run without a leader.
        await service.StartAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => service.ExecuteTask!);

        Assert.StartsWith("Coordinator:LeaderElection is true but no Lease leader election is registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Single_replica_leadership_leads_until_stopping()
    {
        using var stopping = new CancellationTokenSource();
        var leading = new TaskCompletionSource<CancellationToken>();

        var run = new SingleReplicaLeadership().RunAsync(
            async token =>
            {
                leading.SetResult(token);
                await Task.Delay(Timeout.Infinite, token);
            },
            stopping.Token);
        var token = await leading.Task;
        Assert.False(run.IsCompleted);
        await stopping.CancelAsync();
        await run;

        Assert.True(token.IsCancellationRequested);
    }

    private Dictionary<string, string?> Enabled() => new()
    {
        ["Coordinator:Enabled"] = "true",
        ["Coordinator:Namespace"] = InMemoryClusterResources.Namespace,
        ["Coordinator:ClusterName"] = "erlmcp",
        ["Coordinator:LeaderElection"] = "false",
        ["Coordinator:Erlang:CookieFile"] = _cookieFile,
    };

    private static WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        return builder;
    }
}
