using Erlmcp.Autoscaler.Server.Security;
using Microsoft.Extensions.Configuration;

namespace Erlmcp.Autoscaler.Server.Tests.Security;

/// <summary>The <c>DelegatedAuth</c> settings: upstream's defaults, and each bad value named by its key.</summary>
public sealed class DelegatedAuthOptionsTests
{
    [Fact]
    public void Defaults_are_upstreams()
    {
        var options = SecurityHost.ReadOptions(Configuration());

        Assert.Equal(["X-Remote-User"], options.RequestHeaderNames.UsernameHeaders);
        Assert.Equal(["X-Remote-Group"], options.RequestHeaderNames.GroupHeaders);
        Assert.Equal(["X-Remote-Extra-"], options.RequestHeaderNames.ExtraHeaderPrefixes);
        Assert.Equal(["system:masters"], options.EffectiveAlwaysAllowGroups);
        Assert.Equal(TimeSpan.FromSeconds(10), options.TokenSuccessCacheTtl);
        Assert.Equal(TimeSpan.FromSeconds(10), options.AuthorizedCacheTtl);
        Assert.Equal(TimeSpan.FromSeconds(10), options.UnauthorizedCacheTtl);
        Assert.False(options.SkipLookup);
    }

    [Fact]
    public void Header_names_replace_the_defaults_rather_than_adding_to_them()
    {
        var options = SecurityHost.ReadOptions(Configuration(("DelegatedAuth:RequestHeaderUsernameHeaders:0", " X-Proxy-User ")));

        Assert.Equal(["X-Proxy-User"], options.RequestHeaderNames.UsernameHeaders);
    }

    [Theory]
    [InlineData("DelegatedAuth:RequestHeaderClientCaFile", "/no/such/front-proxy-ca.crt", "DelegatedAuth:RequestHeaderClientCaFile: file \"/no/such/front-proxy-ca.crt\" does not exist")]
    [InlineData("DelegatedAuth:RequestHeaderAllowedNames:0", "front-proxy-client", "DelegatedAuth:RequestHeaderAllowedNames: applies to DelegatedAuth:RequestHeaderClientCaFile, which is not set")]
    [InlineData("DelegatedAuth:RequestHeaderGroupHeaders:0", " ", "DelegatedAuth:RequestHeaderGroupHeaders:0: empty value \" \"")]
    [InlineData("DelegatedAuth:TokenSuccessCacheTtl", "-00:00:01", "DelegatedAuth:TokenSuccessCacheTtl: -00:00:01 must not be negative (0 keeps nothing)")]
    [InlineData("DelegatedAuth:LookupInterval", "00:00:00", "DelegatedAuth:LookupInterval: 00:00:00 must be positive")]
    [InlineData("DelegatedAuth:ReviewTimeout", "00:00:00", "DelegatedAuth:ReviewTimeout: 00:00:00 must be positive")]
    public void A_bad_value_is_named(string key, string value, string message)
    {
        var error = Assert.Throws<MetricsApiConfigurationException>(() => SecurityHost.ReadOptions(Configuration((key, value))));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_value_that_does_not_convert_is_named()
    {
        var error = Assert.Throws<MetricsApiConfigurationException>(() => SecurityHost.ReadOptions(Configuration(("DelegatedAuth:SkipLookup", "perhaps"))));

        Assert.Contains("DelegatedAuth:SkipLookup", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))).Build();
}
