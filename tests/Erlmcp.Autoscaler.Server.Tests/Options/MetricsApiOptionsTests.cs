using Erlmcp.Autoscaler.Server.Options;
using Microsoft.Extensions.Configuration;

namespace Erlmcp.Autoscaler.Server.Tests.Options;

/// <summary>Settings are read from configuration and checked at startup; each problem names the setting.</summary>
public sealed class MetricsApiOptionsTests
{
    [Fact]
    public void Defaults_need_only_an_authorization_mode()
    {
        var options = MetricsApiHost.ReadOptions(Configuration(("MetricsApi:AuthorizationMode", "AlwaysAllow")));

        Assert.Equal("0.0.0.0", options.BindAddress);
        Assert.Equal(6443, options.SecurePort);
        Assert.Equal(TimeSpan.FromSeconds(30), options.StalenessBound);
        Assert.Equal(25_000, options.PerPodConnectionLimit);
        Assert.Equal(["localhost", "127.0.0.1"], options.SelfSignedHosts);
        Assert.Null(options.ClientCaFile);
    }

    [Theory]
    [InlineData("MetricsApi:SecurePort", "70000", "MetricsApi:SecurePort: 70000 is not a TCP port (1-65535, or 0 for any free port)")]
    [InlineData("MetricsApi:BindAddress", "example.org", "MetricsApi:BindAddress: \"example.org\" is not an IP address")]
    [InlineData("MetricsApi:StalenessBound", "-00:00:05", "MetricsApi:StalenessBound: -00:00:05 must be positive")]
    [InlineData("MetricsApi:PerPodConnectionLimit", "0", "MetricsApi:PerPodConnectionLimit: 0 must be positive")]
    [InlineData("MetricsApi:ClientCaFile", "/no/such/ca.crt", "MetricsApi:ClientCaFile: file \"/no/such/ca.crt\" does not exist")]
    [InlineData("MetricsApi:TlsCertFile", "/no/such/tls.crt", "MetricsApi:TlsPrivateKeyFile: is required when MetricsApi:TlsCertFile is set\nMetricsApi:TlsCertFile: file \"/no/such/tls.crt\" does not exist")]
    [InlineData("MetricsApi:TlsPrivateKeyFile", "/no/such/tls.key", "MetricsApi:TlsCertFile: is required when MetricsApi:TlsPrivateKeyFile is set\nMetricsApi:TlsPrivateKeyFile: file \"/no/such/tls.key\" does not exist")]
    public void A_bad_setting_is_named_with_its_value(string key, string value, string message)
    {
        var error = Assert.Throws<MetricsApiConfigurationException>(() =>
            MetricsApiHost.ReadOptions(Configuration(("MetricsApi:AuthorizationMode", "AlwaysAllow"), (key, value))));

        Assert.Equal(message.Replace("\n", Environment.NewLine, StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void An_unknown_authorization_mode_is_named()
    {
        var error = Assert.Throws<MetricsApiConfigurationException>(() => MetricsApiHost.ReadOptions(Configuration(("MetricsApi:AuthorizationMode", "Webhook"))));

        Assert.Equal("MetricsApi:AuthorizationMode: \"Webhook\" is not one of AlwaysAllow, AlwaysDeny, Delegated", error.Message);
    }

    [Fact]
    public void Without_an_authorization_mode_authorization_is_delegated_to_the_cluster()
    {
        Assert.Equal(AuthorizationMode.Delegated, MetricsApiHost.ReadOptions(Configuration()).AuthorizationMode);
    }

    [Theory]
    [InlineData("MetricsApi:SecurePort", "https")]
    [InlineData("MetricsApi:StalenessBound", "30 seconds")]
    public void A_value_of_the_wrong_type_is_named_by_its_key(string key, string value)
    {
        var error = Assert.Throws<MetricsApiConfigurationException>(() =>
            MetricsApiHost.ReadOptions(Configuration(("MetricsApi:AuthorizationMode", "AlwaysAllow"), (key, value))));

        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))).Build();
}
