using Erlmcp.Autoscaler.Server.Security.Authentication;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Erlmcp.Autoscaler.Server.Tests.Security;

/// <summary>
/// The client and front-proxy CAs from the <c>kube-system/extension-apiserver-authentication</c> ConfigMap, as an
/// aggregated server takes them when no file is given: read at start (or the server does not start), read again
/// to follow rotations, each bad value named by its key.
/// </summary>
public sealed class AuthenticationConfigMapTests
{
    private const string PodsMetric = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections";

    [Fact]
    public async Task Without_files_the_client_and_front_proxy_CAs_come_from_the_ConfigMap()
    {
        await using var cluster = await FakeCluster.StartAsync();
        await using var server = await RunningServer.StartAsync(
            certificates =>
            {
                cluster.ServeConfigMap(KubeApiServerData(certificates));
                return new Dictionary<string, string?> { ["MetricsApi:AuthorizationMode"] = "Delegated", ["MetricsApi:ClientCaFile"] = null };
            },
            cluster.Api.Client);

        using var alice = server.AliceClient();
        using var proxy = server.Client(server.Certificates.FrontProxy);
        using var unlisted = server.Client(server.Certificates.UnlistedProxy);
        using var mallory = server.Client(server.Certificates.Mallory);

        Assert.Equal(200, (await DelegatedAuthTests.GetAsync(alice, "/apis")).Code);
        Assert.Equal(200, (await DelegatedAuthTests.GetAsync(proxy, "/apis", ("X-Remote-User", "jane"))).Code);
        Assert.Equal(401, (await DelegatedAuthTests.GetAsync(unlisted, "/apis", ("X-Remote-User", "jane"))).Code);
        Assert.Equal(401, (await DelegatedAuthTests.GetAsync(mallory, "/apis")).Code);
        Assert.Equal(["alice", "jane"], cluster.SubjectAccessReviews.Select(review => review["spec"]!["user"]!.GetValue<string>()));
        Assert.Contains(cluster.Api.Requests, request => request is { Method: "GET", Path: FakeCluster.ConfigMapPath });
    }

    [Fact]
    public async Task The_server_does_not_start_without_the_ConfigMap_and_says_which_setting_skips_it()
    {
        await using var cluster = await FakeCluster.StartAsync();

        var error = await Assert.ThrowsAsync<MetricsApiConfigurationException>(() => RunningServer.StartAsync(
            _ => new Dictionary<string, string?> { ["MetricsApi:AuthorizationMode"] = "Delegated", ["MetricsApi:ClientCaFile"] = null },
            cluster.Api.Client));

        Assert.StartsWith(
            "DelegatedAuth:SkipLookup: is false, so the server needs the ConfigMap, but: reading ConfigMap kube-system/extension-apiserver-authentication: the API server answered 404: ",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkipLookup_reads_no_ConfigMap_and_only_the_files_authenticate()
    {
        await using var cluster = await FakeCluster.StartAsync();
        await using var server = await RunningServer.StartAsync(
            _ => new Dictionary<string, string?> { ["MetricsApi:AuthorizationMode"] = "Delegated", ["DelegatedAuth:SkipLookup"] = "true" },
            cluster.Api.Client);
        using var alice = server.AliceClient();
        using var proxy = server.Client(server.Certificates.FrontProxy);

        Assert.Equal(200, (await DelegatedAuthTests.GetAsync(alice, "/apis")).Code);
        Assert.Equal(401, (await DelegatedAuthTests.GetAsync(proxy, "/apis", ("X-Remote-User", "jane"))).Code);
        Assert.DoesNotContain(cluster.Api.Requests, request => request.Path == FakeCluster.ConfigMapPath);
    }

    [Fact]
    public async Task A_refresh_follows_a_rotated_CA_and_keeps_the_same_content_when_nothing_changed()
    {
        await using var cluster = await FakeCluster.StartAsync();
        var certificates = new TestCertificates();
        using var source = new AuthenticationConfigMapSource(cluster.Api.Client, TimeSpan.FromMinutes(1), TimeProvider.System, NullLogger<AuthenticationConfigMapSource>.Instance);
        cluster.ServeConfigMap(KubeApiServerData(certificates));
        await source.RefreshAsync(CancellationToken.None);
        var first = source.CurrentAuthorities;
        var firstProxy = source.CurrentRequestHeader;

        await source.RefreshAsync(CancellationToken.None);
        Assert.Same(first, source.CurrentAuthorities);
        Assert.Same(firstProxy, source.CurrentRequestHeader);

        var rotated = new TestCertificates();
        cluster.ServeConfigMap(KubeApiServerData(rotated));
        await source.RefreshAsync(CancellationToken.None);

        Assert.Equal(certificates.ClientAuthority.Thumbprint, first!.Certificates.Single().Thumbprint);
        Assert.Equal(rotated.ClientAuthority.Thumbprint, source.CurrentAuthorities!.Certificates.Single().Thumbprint);
        Assert.Equal(rotated.FrontProxyAuthority.Thumbprint, source.CurrentRequestHeader!.Authorities.Certificates.Single().Thumbprint);
        Assert.Equal([TestCertificates.FrontProxyName], source.CurrentRequestHeader.AllowedNames);
        Assert.Equal(["X-Remote-User"], source.CurrentRequestHeader.Names.UsernameHeaders);
        Assert.Equal(["X-Remote-Group"], source.CurrentRequestHeader.Names.GroupHeaders);
        Assert.Equal(["X-Remote-Extra-"], source.CurrentRequestHeader.Names.ExtraHeaderPrefixes);
        certificates.DeleteFiles();
        rotated.DeleteFiles();
    }

    [Fact]
    public async Task A_bad_refresh_keeps_the_last_good_content()
    {
        await using var cluster = await FakeCluster.StartAsync();
        var certificates = new TestCertificates();
        using var source = new AuthenticationConfigMapSource(cluster.Api.Client, TimeSpan.FromMinutes(1), TimeProvider.System, NullLogger<AuthenticationConfigMapSource>.Instance);
        cluster.ServeConfigMap(KubeApiServerData(certificates));
        await source.RefreshAsync(CancellationToken.None);
        var good = source.CurrentRequestHeader;

        cluster.ServeConfigMap(new Dictionary<string, string>(KubeApiServerData(certificates)) { ["requestheader-allowed-names"] = "front-proxy-client" });
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => source.RefreshAsync(CancellationToken.None));

        Assert.StartsWith("kube-system/extension-apiserver-authentication: requestheader-allowed-names: front-proxy-client is not JSON: ", error.Message, StringComparison.Ordinal);
        Assert.Same(good, source.CurrentRequestHeader);
        certificates.DeleteFiles();
    }

    [Theory]
    [InlineData("client-ca-file", "not a certificate", "kube-system/extension-apiserver-authentication: client-ca-file: no PEM certificate in the value")]
    [InlineData("requestheader-client-ca-file", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "kube-system/extension-apiserver-authentication: requestheader-client-ca-file: no PEM certificate in the value")]
    [InlineData("requestheader-username-headers", "{\"user\":\"X-Remote-User\"}", "kube-system/extension-apiserver-authentication: requestheader-username-headers: {\"user\":\"X-Remote-User\"} is not a JSON array of strings")]
    [InlineData("requestheader-group-headers", "[\"X-Remote-Group\",7]", "kube-system/extension-apiserver-authentication: requestheader-group-headers: 7 is not a string")]
    public void A_bad_value_is_named_by_its_key(string key, string value, string message)
    {
        var certificates = new TestCertificates();
        var data = new Dictionary<string, string>(KubeApiServerData(certificates)) { [key] = value };

        var error = Assert.Throws<InvalidDataException>(() => ExtensionApiServerAuthentication.Parse(data));

        Assert.Equal(message, error.Message);
        certificates.DeleteFiles();
    }

    [Fact]
    public void Without_the_request_header_CA_there_is_no_front_proxy_and_without_the_client_CA_no_client_certificates()
    {
        var parsed = ExtensionApiServerAuthentication.Parse(new Dictionary<string, string> { ["requestheader-allowed-names"] = "[\"front-proxy-client\"]" });

        Assert.Null(parsed.ClientCa);
        Assert.Null(parsed.RequestHeader);
    }

    /// <summary>The ConfigMap as kube-apiserver writes it, with the test authorities.</summary>
    internal static IReadOnlyDictionary<string, string> KubeApiServerData(TestCertificates certificates) => new Dictionary<string, string>
    {
        ["client-ca-file"] = certificates.ClientAuthority.ExportCertificatePem() + "\n",
        ["requestheader-client-ca-file"] = certificates.FrontProxyAuthority.ExportCertificatePem() + "\n",
        ["requestheader-allowed-names"] = $"[\"{TestCertificates.FrontProxyName}\"]",
        ["requestheader-username-headers"] = "[\"X-Remote-User\"]",
        ["requestheader-group-headers"] = "[\"X-Remote-Group\"]",
        ["requestheader-extra-headers-prefix"] = "[\"X-Remote-Extra-\"]",
    };
}
