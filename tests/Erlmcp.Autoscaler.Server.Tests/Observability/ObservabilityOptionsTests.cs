using Erlmcp.Autoscaler.Server.Keda;
using Erlmcp.Autoscaler.Server.Observability;
using Microsoft.Extensions.Configuration;

namespace Erlmcp.Autoscaler.Server.Tests.Observability;

/// <summary>The <c>Observability</c> and <c>Keda</c> settings: defaults, and errors that name the bad key.</summary>
public sealed class ObservabilityOptionsTests
{
    [Fact]
    public void Defaults_are_the_fixed_ports_of_the_deployment()
    {
        var empty = new ConfigurationBuilder().Build();

        var observability = ObservabilityHost.ReadOptions(empty);
        var keda = KedaHost.ReadOptions(empty);

        Assert.Equal(9090, observability.MetricsPort);
        Assert.Null(observability.OtlpEndpoint);
        Assert.Equal(LogFormat.Simple, observability.LogFormat);
        Assert.True(keda.Enabled);
        Assert.Equal(6000, keda.Port);
    }

    [Theory]
    [InlineData("Observability:MetricsPort", "70000", "Observability:MetricsPort: 70000 is not a TCP port (1-65535, or 0 for no /metrics endpoint)")]
    [InlineData("Observability:MetricsPort", "-1", "Observability:MetricsPort: -1 is not a TCP port (1-65535, or 0 for no /metrics endpoint)")]
    [InlineData("Observability:LogFormat", "xml", "Observability:LogFormat: \"xml\" is not one of Simple, Json")]
    [InlineData("Observability:OtlpEndpoint", "collector:4317", "Observability:OtlpEndpoint: \"collector:4317\" is not an absolute http or https URI")]
    [InlineData("Keda:Port", "65536", "Keda:Port: 65536 is not a TCP port (1-65535, or 0 for any free port)")]
    public void A_bad_setting_is_an_error_naming_it(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();

        var error = Assert.Throws<MetricsApiConfigurationException>(() =>
        {
            ObservabilityHost.ReadOptions(configuration);
            KedaHost.ReadOptions(configuration);
        });

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("Observability:MetricsPort", "ninety")]
    [InlineData("Keda:Enabled", "maybe")]
    public void A_value_that_does_not_convert_names_its_key(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();

        var error = Assert.Throws<MetricsApiConfigurationException>(() =>
        {
            ObservabilityHost.ReadOptions(configuration);
            KedaHost.ReadOptions(configuration);
        });

        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }
}
