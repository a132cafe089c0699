using System.Diagnostics;

namespace Erlmcp.Autoscaler.Server.Tests.Infrastructure;

/// <summary>
/// The real kubectl against a running server: a kubeconfig with the server's address, the serving authority and
/// Alice's client certificate (or a bearer token), and a discovery cache of its own.
/// </summary>
internal sealed class Kubectl
{
    private readonly string kubeconfig;
    private readonly string cacheDirectory;

    /// <param name="token">A bearer token to present instead of Alice's certificate.</param>
    public Kubectl(RunningServer server, string? token = null)
    {
        var certificates = server.Certificates;
        kubeconfig = Path.Combine(certificates.Directory, "kubeconfig");
        cacheDirectory = Path.Combine(certificates.Directory, "kube-cache");
        var credentials = token is null
            ? $"client-certificate: {certificates.AliceCertFile}\n    client-key: {certificates.AliceKeyFile}"
            : $"token: {token}";
        File.WriteAllText(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: https://127.0.0.1:{{server.Port}}
                certificate-authority: {{certificates.ServingAuthorityFile}}
            users:
            - name: alice
              user:
                {{credentials}}
            contexts:
            - name: test
              context:
                cluster: test
                user: alice
            current-context: test
            """);
    }

    private const string Executable = "kubectl";

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = Path.GetDirectoryName(kubeconfig);
        start.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
