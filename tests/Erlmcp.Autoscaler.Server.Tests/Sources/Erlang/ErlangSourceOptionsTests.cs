using Erlmcp.Autoscaler.Server.Sources;
using Erlmcp.Autoscaler.Server.Sources.Erlang;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Erlmcp.Autoscaler.Server.Tests.Sources.Erlang;

public sealed class ErlangSourceOptionsTests : IDisposable
{
    private const string Secret = "the-cluster-secret";

    private static readonly TimeSpan StalenessBound = TimeSpan.FromSeconds(30);

    private readonly string cookieFile = Path.GetTempFileName();

    public ErlangSourceOptionsTests() => File.WriteAllText(cookieFile, "  " + Secret + "\n");

    public void Dispose() => File.Delete(cookieFile);

    [Fact]
    public void Defaults_with_a_cookie_are_valid()
    {
        var options = Read(new() { ["Cookie"] = Secret });

        Assert.Equal(TimeSpan.FromMilliseconds(250), options.MinInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RefreshInterval);
        Assert.Empty(options.Pods);
        Assert.Null(options.Tls);
    }

    [Fact]
    public void Static_pods_bind_with_their_labels()
    {
        var options = Read(new()
        {
            ["CookieFile"] = cookieFile,
            ["Pods:0:Namespace"] = "erlmcp",
            ["Pods:0:Name"] = "erlmcp-0",
            ["Pods:0:Node"] = "erlmcp@erlmcp-0.erlmcp-headless.erlmcp.svc.cluster.local",
            ["Pods:0:StatefulSet"] = "erlmcp",
            ["Pods:0:Labels:app"] = "erlmcp",
        });

        var pod = Assert.Single(options.Pods);
        Assert.Equal(("erlmcp", "erlmcp-0", "erlmcp@erlmcp-0.erlmcp-headless.erlmcp.svc.cluster.local", "erlmcp"), (pod.Namespace, pod.Name, pod.Node, pod.StatefulSet));
        Assert.Equal("erlmcp", pod.Labels["app"]);
    }

    public static TheoryData<string, Dictionary<string, string?>, string> BadSettings => new()
    {
        { "no cookie", new() { ["LocalName"] = "autoscaler" }, "Sources:Erlang:CookieFile: set exactly one of Sources:Erlang:CookieFile and Sources:Erlang:Cookie" },
        { "both cookies", new() { ["Cookie"] = Secret, ["CookieFile"] = "/etc/cookie" }, "Sources:Erlang:CookieFile: set exactly one of" },
        { "missing cookie file", new() { ["CookieFile"] = "/nonexistent/cookie" }, "Sources:Erlang:CookieFile: file \"/nonexistent/cookie\" does not exist" },
        { "bad local name", new() { ["Cookie"] = Secret, ["LocalName"] = "auto scaler" }, "Sources:Erlang:LocalName: 'auto scaler@host' is not a node name" },
        { "negative min interval", new() { ["Cookie"] = Secret, ["MinInterval"] = "-00:00:01" }, "Sources:Erlang:MinInterval: -00:00:01 must be whole milliseconds from 0 to one day" },
        { "sub-millisecond min interval", new() { ["Cookie"] = Secret, ["MinInterval"] = "00:00:00.0005" }, "Sources:Erlang:MinInterval: 00:00:00.0005000 must be whole milliseconds" },
        { "refresh not under the staleness bound", new() { ["Cookie"] = Secret, ["RefreshInterval"] = "00:00:30" }, "Sources:Erlang:RefreshInterval: 00:00:30 must be positive and below MetricsApi:StalenessBound (00:00:30)" },
        { "zero check interval", new() { ["Cookie"] = Secret, ["ConnectionCheckInterval"] = "00:00:00" }, "Sources:Erlang:ConnectionCheckInterval: 00:00:00 must be positive" },
        { "zero call timeout", new() { ["Cookie"] = Secret, ["CallTimeout"] = "00:00:00" }, "Sources:Erlang:CallTimeout: 00:00:00 must be positive" },
        { "retry max under initial", new() { ["Cookie"] = Secret, ["RetryInitialDelay"] = "00:00:05", ["RetryMaxDelay"] = "00:00:01" }, "Sources:Erlang:RetryMaxDelay: 00:00:01 must be at least Sources:Erlang:RetryInitialDelay (00:00:05)" },
        { "TLS without CA", new() { ["Cookie"] = Secret, ["Tls:VerifyHostName"] = "true" }, "Sources:Erlang:Tls:CaFile: is required for TLS distribution" },
        { "TLS certificate without key", new() { ["Cookie"] = Secret, ["Tls:CaFile"] = "/nonexistent/ca.pem", ["Tls:CertFile"] = "/nonexistent/client.pem" }, "Sources:Erlang:Tls:KeyFile: Tls:CertFile and Tls:KeyFile go together" },
        { "TLS CA file missing", new() { ["Cookie"] = Secret, ["Tls:CaFile"] = "/nonexistent/ca.pem" }, "Sources:Erlang:Tls:CaFile: file \"/nonexistent/ca.pem\" does not exist" },
        { "pod without node", new() { ["Cookie"] = Secret, ["Pods:0:Namespace"] = "ns", ["Pods:0:Name"] = "p" }, "Sources:Erlang:Pods:0:Node: is required" },
        { "pod with a bad node name", new() { ["Cookie"] = Secret, ["Pods:0:Namespace"] = "ns", ["Pods:0:Name"] = "p", ["Pods:0:Node"] = "erlmcp" }, "Sources:Erlang:Pods:0:Node: 'erlmcp' is not a node name" },
        { "pod listed twice", new() { ["Cookie"] = Secret, ["Pods:0:Namespace"] = "ns", ["Pods:0:Name"] = "p", ["Pods:0:Node"] = "a@h", ["Pods:1:Namespace"] = "ns", ["Pods:1:Name"] = "p", ["Pods:1:Node"] = "b@h" }, "Sources:Erlang:Pods:1:Name: pod ns/p is listed twice" },
        { "two pods on one node", new() { ["Cookie"] = Secret, ["Pods:0:Namespace"] = "ns", ["Pods:0:Name"] = "p", ["Pods:0:Node"] = "a@h", ["Pods:1:Namespace"] = "ns", ["Pods:1:Name"] = "q", ["Pods:1:Node"] = "a@h" }, "Sources:Erlang:Pods:1:Node: node a@h is already the node of Sources:Erlang:Pods:0" },
        { "interval not a time", new() { ["Cookie"] = Secret, ["MinInterval"] = "fast" }, "Sources:Erlang:MinInterval" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Bad_settings_are_refused_naming_the_key(string what, Dictionary<string, string?> settings, string expected)
    {
        var error = Assert.Throws<MetricsApiConfigurationException>(() => Read(settings));

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{what}: \"{error.Message}\" does not contain \"{expected}\"");
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cookie_file_loads_trimmed_and_never_shows()
    {
        var nodeOptions = ErlangSourceHost.NodeOptions(Read(new() { ["CookieFile"] = cookieFile, ["LocalName"] = "autoscaler" }));

        Assert.Equal("autoscaler", nodeOptions.LocalName);
        Assert.DoesNotContain(Secret, nodeOptions.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cookie_outside_latin1_is_refused_naming_the_key_not_the_cookie()
    {
        var error = Assert.Throws<MetricsApiConfigurationException>(() => ErlangSourceHost.NodeOptions(Read(new() { ["Cookie"] = "secret\u4e16" })));

        Assert.StartsWith("Sources:Erlang:Cookie: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fixed_pod_list_and_pod_discovery_together_are_refused()
    {
        var builder = Builder(new()
        {
            ["Sources:Erlang:Cookie"] = Secret,
            ["Sources:Erlang:Pods:0:Namespace"] = "ns",
            ["Sources:Erlang:Pods:0:Name"] = "p",
            ["Sources:Erlang:Pods:0:Node"] = "a@h",
            ["Sources:Discovery:LabelSelector"] = "app=erlmcp",
        });

        var error = Assert.Throws<MetricsApiConfigurationException>(() => builder.AddErlangSource());

        Assert.Equal("Sources:Erlang:Pods: a fixed pod list is for running outside Kubernetes; remove it or Sources:Discovery", error.Message);
    }

    [Fact]
    public void A_fixed_pod_list_becomes_the_pod_directory_and_describes_its_pods_in_the_store()
    {
        var builder = Builder(new()
        {
            ["Sources:Erlang:Cookie"] = Secret,
            ["Sources:Erlang:Pods:0:Namespace"] = "ns",
            ["Sources:Erlang:Pods:0:Name"] = "erlmcp-0",
            ["Sources:Erlang:Pods:0:Node"] = "erlmcp@erlmcp-0.example",
            ["Sources:Erlang:Pods:0:StatefulSet"] = "erlmcp",
            ["Sources:Erlang:Pods:0:Labels:app"] = "erlmcp",
        });
        builder.AddMetricsApi().AddErlangSource();
        using var app = builder.Build();

        var pod = Assert.Single(app.Services.GetRequiredService<IPodDirectory>().Current.Pods);
        Assert.Equal(("ns/erlmcp-0", "erlmcp@erlmcp-0.example", "erlmcp"), (pod.Reference.ToString(), pod.NodeName, pod.StatefulSet));
        var described = Assert.Single(app.Services.GetRequiredService<Core.Connections.ConnectionStore>().Snapshot(DateTimeOffset.UnixEpoch).Pods.ToArray());
        Assert.Equal(("erlmcp", "erlmcp"), (described.StatefulSet, described.Labels["app"]));
        Assert.Single(app.Services.GetServices<IHostedService>().OfType<ErlangConnectionSource>());
    }

    [Fact]
    public void Without_the_section_nothing_is_added()
    {
        var builder = Builder(new());
        var before = builder.Services.Count;

        builder.AddErlangSource();

        Assert.Equal(before, builder.Services.Count);
    }

    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(4, 4000)]
    [InlineData(7, 30000)]
    [InlineData(1000, 30000)]
    public void Retry_delay_doubles_up_to_the_cap(int failures, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), PodSubscription.RetryDelay(failures, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30)));
    }

    private static WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        settings["MetricsApi:AuthorizationMode"] = "AlwaysAllow";
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private static ErlangSourceOptions Read(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(pair => KeyValuePair.Create($"{ErlangSourceOptions.SectionName}:{pair.Key}", pair.Value)))
            .Build();
        return ErlangSourceHost.ReadOptions(configuration, StalenessBound);
    }
}
