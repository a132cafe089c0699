using Erlmcp.Autoscaler.Server.Sources;
using Erlmcp.Autoscaler.Server.Sources.Discovery;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Erlmcp.Autoscaler.Server.Tests.Sources.Discovery;

/// <summary>The <c>Sources:Discovery</c> settings: defaults, and each bad one named with its key at startup.</summary>
public sealed class PodDiscoveryOptionsTests
{
    [Fact]
    public void Defaults_need_only_a_namespace()
    {
        var settings = PodDiscoveryOptions.Read(Configuration(("Sources:Discovery:Namespace", "erlmcp")));

        Assert.Equal("erlmcp", settings.Namespace);
        Assert.Equal("app=erlmcp", settings.Selector.ToString());
        Assert.Equal("erlmcp@{pod}.erlmcp-headless.{namespace}.svc.cluster.local", settings.NodeNames.Text);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.ResyncPeriod);
        Assert.Equal(TimeSpan.FromMilliseconds(800), settings.InitialBackoff);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.MaxBackoff);
    }

    [Theory]
    [InlineData("Sources:Discovery:LabelSelector", "app in (erlmcp", "Sources:Discovery:LabelSelector: invalid label selector \"app in (erlmcp\" at position 14: unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("Sources:Discovery:LabelSelector", "app=erlmcp,,tier", "Sources:Discovery:LabelSelector: invalid label selector \"app=erlmcp,,tier\" at position 11: found ',', expected: identifier after ','")]
    [InlineData("Sources:Discovery:NodeNameTemplate", "erlmcp@{node}", "Sources:Discovery:NodeNameTemplate: node name template \"erlmcp@{node}\" must contain {pod} exactly once")]
    [InlineData("Sources:Discovery:ResyncPeriod", "00:00:00", "Sources:Discovery:ResyncPeriod: 00:00:00 must be positive")]
    [InlineData("Sources:Discovery:MaxBackoff", "00:00:00.1", "Sources:Discovery:MaxBackoff: 00:00:00.1000000 is shorter than Sources:Discovery:InitialBackoff (00:00:00.8000000)")]
    public void A_bad_setting_is_named_with_its_value(string key, string value, string message)
    {
        var error = Assert.Throws<MetricsApiConfigurationException>(() =>
            PodDiscoveryOptions.Read(Configuration(("Sources:Discovery:Namespace", "erlmcp"), (key, value))));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void The_namespace_is_required()
    {
        var error = Assert.Throws<MetricsApiConfigurationException>(() => PodDiscoveryOptions.Read(Configuration(("Sources:Discovery:LabelSelector", "app=erlmcp"))));

        Assert.Equal("Sources:Discovery:Namespace: is required (the namespace of the erlmcp pods)", error.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_named_by_its_key()
    {
        var error = Assert.Throws<MetricsApiConfigurationException>(() =>
            PodDiscoveryOptions.Read(Configuration(("Sources:Discovery:Namespace", "erlmcp"), ("Sources:Discovery:ResyncPeriod", "ten minutes"))));

        Assert.Contains("'Sources:Discovery:ResyncPeriod'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_selector_fails_the_server_at_startup()
    {
        var builder = Builder(("Sources:Discovery:Namespace", "erlmcp"), ("Sources:Discovery:LabelSelector", "app==="));

        var error = Assert.Throws<MetricsApiConfigurationException>(() => builder.AddPodDiscovery());

        Assert.StartsWith("Sources:Discovery:LabelSelector: invalid label selector \"app===\" at position ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discovery_is_registered_only_when_its_section_exists()
    {
        var without = Builder(("MetricsApi:AuthorizationMode", "AlwaysAllow"));
        without.AddPodDiscovery();
        Assert.DoesNotContain(without.Services, service => service.ServiceType == typeof(IPodDirectory));

        var with = Builder(("Sources:Discovery:Namespace", "erlmcp"));
        with.AddPodDiscovery();
        Assert.Contains(with.Services, service => service.ServiceType == typeof(IPodDirectory));
        Assert.Contains(with.Services, service => service.ServiceType == typeof(IHostedService) && service.ImplementationType == typeof(PodDiscoveryService));
    }

    internal static WebApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)));
        return builder;
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))).Build();
}
