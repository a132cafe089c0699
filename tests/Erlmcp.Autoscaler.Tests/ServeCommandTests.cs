namespace Erlmcp.Autoscaler.Tests;

/// <summary><c>serve</c>'s flags and its startup errors; the server itself is tested in Erlmcp.Autoscaler.Server.Tests.</summary>
public class ServeCommandTests
{
    [Fact]
    public void Every_option_has_help()
    {
        var result = CliRunner.Run("serve", "--help");

        Assert.Equal(0, result.ExitCode);
        string[] options =
        [
            "--config", "--bind-address", "--secure-port", "--tls-cert-file", "--tls-private-key-file", "--self-signed-ca-file",
            "--self-signed-host", "--client-ca-file", "--authorization-mode", "--staleness-bound", "--per-pod-connection-limit", "--demo",
            "--requestheader-client-ca-file", "--requestheader-allowed-names", "--requestheader-username-headers", "--requestheader-group-headers",
            "--requestheader-extra-headers-prefix", "--authentication-skip-lookup",
        ];
        foreach (var option in options)
        {
            var line = result.OutputLines.Single(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal) || l.TrimStart().StartsWith(option + ",", StringComparison.Ordinal));
            Assert.True(line.Trim().Length > option.Length + 20, $"no description for {option}: {line}");
        }
    }

    [Theory]
    [InlineData(new[] { "serve", "--secure-port", "70000", "--authorization-mode", "AlwaysAllow" }, "error: MetricsApi:SecurePort: 70000 is not a TCP port (1-65535, or 0 for any free port)\n")]
    [InlineData(new[] { "serve", "--bind-address", "localhost", "--authorization-mode", "AlwaysAllow" }, "error: MetricsApi:BindAddress: \"localhost\" is not an IP address\n")]
    [InlineData(new[] { "serve", "--demo", "--requestheader-allowed-names", "front-proxy-client" }, "error: DelegatedAuth:RequestHeaderAllowedNames: applies to DelegatedAuth:RequestHeaderClientCaFile, which is not set\n")]
    [InlineData(new[] { "serve", "--demo", "--requestheader-client-ca-file", "/no/such/front-proxy-ca.crt" }, "error: DelegatedAuth:RequestHeaderClientCaFile: file \"/no/such/front-proxy-ca.crt\" does not exist\n")]
    [InlineData(new[] { "serve", "--demo", "--client-ca-file", "/no/such/ca.crt" }, "error: MetricsApi:ClientCaFile: file \"/no/such/ca.crt\" does not exist\n")]
    [InlineData(new[] { "serve", "--demo", "--staleness-bound", "5 parsecs" }, "error: --staleness-bound: \"5 parsecs\" is not a duration (for example 30s, 1m)\n")]
    public void A_bad_setting_stops_the_server_before_it_starts_naming_the_setting(string[] args, string error)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void Delegated_authorization_is_the_default_and_needs_a_cluster_configuration()
    {
        var config = CliRunner.TempFile("settings.json", """{"Kubernetes": {"Kubeconfig": "/no/such/kubeconfig"}}""");

        var result = CliRunner.Run("serve", "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: Kubernetes:Kubeconfig: cannot read a cluster configuration from /no/such/kubeconfig: kubeconfig file not found at /no/such/kubeconfig\n", result.Error);
    }

    [Fact]
    public void Without_a_connection_source_it_serves_demo_data_only_when_asked()
    {
        var result = CliRunner.Run("serve", "--authorization-mode", "AlwaysAllow");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "error: Sources: no connection source is configured: set Sources:Discovery with Sources:Erlang or Sources:Prometheus (Sources:Erlang:Pods outside Kubernetes), or run with --demo\n",
            result.Error);
    }

    [Fact]
    public void An_unknown_authorization_mode_is_a_usage_error()
    {
        var result = CliRunner.Run("serve", "--authorization-mode", "Webhook");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Webhook", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_come_from_the_config_file_and_flags_override_them()
    {
        var config = CliRunner.TempFile("settings.json", """{"MetricsApi": {"AuthorizationMode": "AlwaysAllow", "SecurePort": 70001, "PerPodConnectionLimit": -1}}""");

        var fromFile = CliRunner.Run("serve", "--config", config);
        var overridden = CliRunner.Run("serve", "--config", config, "--secure-port", "70002", "--per-pod-connection-limit", "20000");

        Assert.Equal(
            "error: MetricsApi:SecurePort: 70001 is not a TCP port (1-65535, or 0 for any free port)\nMetricsApi:PerPodConnectionLimit: -1 must be positive\n",
            fromFile.Error);
        Assert.Equal("error: MetricsApi:SecurePort: 70002 is not a TCP port (1-65535, or 0 for any free port)\n", overridden.Error);
    }
}
