using Erlmcp.Autoscaler.Server.Sources;
using Erlmcp.Autoscaler.Server.Sources.Prometheus;
using Erlmcp.Autoscaler.Server.Tests.Sources.Discovery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Erlmcp.Autoscaler.Server.Tests.Sources.Prometheus;

/// <summary>The <c>Sources:Prometheus</c> settings: defaults, and each bad one named with its key at startup.</summary>
public sealed class PrometheusSourceOptionsTests
{
    [Fact]
    public void Defaults()
    {
        var settings = PrometheusSourceOptions.Read(Configuration(("Sources:Prometheus:Port", "9090")));

        Assert.Equal(new PrometheusSourceSettings(9090, "/metrics", "erlmcp_connections", settings.Series, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), 4 * 1024 * 1024, 16), settings);
        Assert.Equal(string.Empty, settings.Series.Text);
    }

    [Theory]
    [InlineData("Sources:Prometheus:Port", "0", "Sources:Prometheus:Port: 0 is not a TCP port (1-65535)")]
    [InlineData("Sources:Prometheus:Path", "metrics", "Sources:Prometheus:Path: \"metrics\" is not an absolute URL path such as /metrics")]
    [InlineData("Sources:Prometheus:MetricName", "erlmcp-connections", "Sources:Prometheus:MetricName: \"erlmcp-connections\" is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)")]
    [InlineData("Sources:Prometheus:LabelMatchers", "listener!=admin", "Sources:Prometheus:LabelMatchers: invalid label matchers \"listener!=admin\" at position 10: expected '\"' to open a label value")]
    [InlineData("Sources:Prometheus:Interval", "00:00:00", "Sources:Prometheus:Interval: 00:00:00 must be positive\nSources:Prometheus:Timeout: 00:00:03 is longer than Sources:Prometheus:Interval (00:00:00)")]
    [InlineData("Sources:Prometheus:Timeout", "00:00:06", "Sources:Prometheus:Timeout: 00:00:06 is longer than Sources:Prometheus:Interval (00:00:05)")]
    [InlineData("Sources:Prometheus:MaxBodyBytes", "0", "Sources:Prometheus:MaxBodyBytes: 0 must be between 1 and 2147483647")]
    [InlineData("Sources:Prometheus:MaxConcurrentScrapes", "0", "Sources:Prometheus:MaxConcurrentScrapes: 0 must be positive")]
    public void A_bad_setting_is_named_with_its_value(string key, string value, string message)
    {
        var error = Assert.Throws<MetricsApiConfigurationException>(() => PrometheusSourceOptions.Read(Configuration((key, value))));

        Assert.Equal(message.Replace("\n", Environment.NewLine, StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void The_source_needs_discovery()
    {
        var builder = PodDiscoveryOptionsTests.Builder(("Sources:Prometheus:Port", "9090"));

        var error = Assert.Throws<MetricsApiConfigurationException>(() => builder.AddPrometheusSource());

        Assert.Equal("Sources:Prometheus needs Sources:Discovery: the Prometheus source scrapes the pods that discovery finds", error.Message);
    }

    [Fact]
    public void With_discovery_the_source_is_registered()
    {
        var builder = PodDiscoveryOptionsTests.Builder(("Sources:Discovery:Namespace", "erlmcp"), ("Sources:Prometheus:Port", "9090"));

        builder.AddPodDiscovery().AddPrometheusSource();

        Assert.Contains(builder.Services, service => service.ServiceType == typeof(IHostedService) && service.ImplementationType == typeof(PrometheusSource));
        Assert.Contains(builder.Services, service => service.ServiceType == typeof(PrometheusScraper));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))).Build();
}
