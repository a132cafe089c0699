using System.Security.Cryptography.X509Certificates;
using System.Text;
using Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;
using k8s.Models;

namespace Erlmcp.Autoscaler.Deploy.Tests;

/// <summary>
/// Both ways of trusting the serving certificate end with APIServices whose caBundle verifies it, for the names
/// the Services are reached by: cert-manager's CA injector, and generate.sh's CA (checked for real: the caBundle
/// is decoded and the Secret's certificate is verified against it).
/// </summary>
public sealed class CertificateTests
{
    private static readonly string[] ServiceNames =
    [
        "erlmcp-autoscaler-api.erlmcp-autoscaler.svc", "erlmcp-autoscaler-keda.erlmcp-autoscaler.svc",
    ];

    [Fact]
    public void Cert_manager_injects_the_CA_of_the_certificate_the_server_mounts()
    {
        var build = Builds.Of("overlays/cert-manager");
        var volume = build.One<V1Deployment>("Deployment", "erlmcp-autoscaler").Spec.Template.Spec.Volumes.Single(v => v.Name == "serving-cert");

        foreach (var apiService in build.All<V1APIService>("APIService"))
        {
            var source = apiService.Metadata.Annotations["cert-manager.io/inject-ca-from"].Split('/');
            var certificate = build.Document("Certificate", source[1]);
            Assert.Equal(source[0], certificate.Namespace);
            Assert.Equal(volume.Secret.SecretName, (string?)certificate.Json["spec"]!["secretName"]);
            Assert.Null(apiService.Spec.CaBundle);
            var dnsNames = certificate.Json["spec"]!["dnsNames"]!.AsArray().Select(n => (string?)n).ToList();
            Assert.All(ServiceNames, name => Assert.Contains(name, dnsNames));
            Assert.Equal("erlmcp-autoscaler-ca", (string?)certificate.Json["spec"]!["issuerRef"]!["name"]);
        }

        var caIssuer = build.Document("Issuer", "erlmcp-autoscaler-ca");
        Assert.Equal((string?)build.Document("Certificate", "erlmcp-autoscaler-ca").Json["spec"]!["secretName"], (string?)caIssuer.Json["spec"]!["ca"]!["secretName"]);
    }

    [Fact]
    public void The_generated_CA_in_every_caBundle_verifies_the_certificate_the_server_mounts()
    {
        var build = Builds.Of("overlays/generated-ca");
        var volume = build.One<V1Deployment>("Deployment", "erlmcp-autoscaler").Spec.Template.Spec.Volumes.Single(v => v.Name == "serving-cert");
        var secret = build.One<V1Secret>("Secret", volume.Secret.SecretName);
        using var serving = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(secret.Data["tls.crt"]));

        Assert.Equal("kubernetes.io/tls", secret.Type);
        Assert.StartsWith("erlmcp-autoscaler-serving-cert-", secret.Metadata.Name, StringComparison.Ordinal);
        var apiServices = build.All<V1APIService>("APIService");
        Assert.Equal(3, apiServices.Count);
        foreach (var apiService in apiServices)
        {
            using var ca = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(apiService.Spec.CaBundle));
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.True(chain.Build(serving), $"{apiService.Metadata.Name}: {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation))}");
            Assert.Equal(ca.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);
        }

        foreach (var name in ServiceNames)
        {
            Assert.True(serving.MatchesHostname(name), $"the serving certificate is not valid for {name}");
            Assert.True(serving.MatchesHostname($"{name}.cluster.local"), $"the serving certificate is not valid for {name}.cluster.local");
        }
    }

    [Fact]
    public void Generate_sh_names_a_bad_argument()
    {
        var script = Repository.PathOf("deploy", "overlays", "generated-ca", "generate.sh");

        var result = ProcessRunner.Run("bash", [script, "--days", "ten"], Repository.Root, TimeSpan.FromSeconds(30));

        Assert.Equal((2, "generate.sh: --days 'ten' is not a positive whole number\n"), (result.ExitCode, result.Error));
    }
}
