using Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;
using k8s.Models;

namespace Erlmcp.Autoscaler.Deploy.Tests;

/// <summary>Security and hygiene rules over everything an operator applies.</summary>
public sealed class PolicyTests
{
    [Fact]
    public void No_manifest_skips_TLS_verification()
    {
        var files = Directory.EnumerateFiles(Repository.Deploy, "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("insecureSkipTLSVerify: true", StringComparison.OrdinalIgnoreCase) ||
                        File.ReadAllText(f).Contains("unsafeSsl: \"true\"", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(files);
        Assert.All(Builds.All.Where(d => d.Kind == "APIService"), d => Assert.NotEqual(true, TypedManifests.Parse<V1APIService>(d).Spec.InsecureSkipTLSVerify));
        Assert.All(Builds.All.Where(d => d.Kind == "ScaledObject").SelectMany(d => d.Json["spec"]!["triggers"]!.AsArray()), t => Assert.Null(t!["metadata"]!["unsafeSsl"]));
    }

    [Theory]
    [InlineData("overlays/cert-manager")]
    [InlineData("overlays/generated-ca")]
    [InlineData("overlays/keda")]
    public void Every_APIService_of_an_overlay_gets_a_CA_bundle(string overlay)
    {
        var apiServices = Builds.Of(overlay).All<V1APIService>("APIService");

        Assert.Equal(3, apiServices.Count);
        Assert.All(apiServices, a => Assert.True(
            a.Spec.CaBundle is { Length: > 0 } || a.Metadata.Annotations?.ContainsKey("cert-manager.io/inject-ca-from") == true,
            $"{overlay}: APIService {a.Metadata.Name} has no caBundle and no CA injection"));
    }

    [Fact]
    public void The_server_runs_non_root_read_only_without_capabilities_with_limits()
    {
        foreach (var folder in Builds.Overlays)
        {
            var pod = Builds.Of(folder).One<V1Deployment>("Deployment", "erlmcp-autoscaler").Spec.Template.Spec;
            Assert.Equal((true, "RuntimeDefault"), (pod.SecurityContext.RunAsNonRoot, pod.SecurityContext.SeccompProfile.Type));
            Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
            Assert.False(pod.HostNetwork ?? false);
            foreach (var container in pod.Containers)
            {
                var context = container.SecurityContext;
                Assert.Equal((true, true, false), (context.RunAsNonRoot, context.ReadOnlyRootFilesystem, context.AllowPrivilegeEscalation));
                Assert.Equal(["ALL"], context.Capabilities.Drop);
                Assert.Null(context.Capabilities.Add);
                Assert.Equal(["cpu", "memory"], container.Resources.Limits.Keys.Order());
                Assert.Equal(["cpu", "memory"], container.Resources.Requests.Keys.Order());
            }

            // The only writable place: /tmp, an emptyDir.
            var writable = pod.Containers.SelectMany(c => c.VolumeMounts).Where(m => m.ReadOnlyProperty != true).ToList();
            Assert.Equal("/tmp", Assert.Single(writable).MountPath);
            Assert.NotNull(pod.Volumes.Single(v => v.Name == writable[0].Name).EmptyDir);
        }
    }

    [Fact]
    public void No_image_is_latest_or_untagged()
    {
        var images = Builds.All
            .Where(d => d.Kind is "Deployment" or "StatefulSet")
            .SelectMany(d => d.Kind == "Deployment" ? TypedManifests.Parse<V1Deployment>(d).Spec.Template.Spec.Containers : TypedManifests.Parse<V1StatefulSet>(d).Spec.Template.Spec.Containers)
            .Select(c => c.Image)
            .Distinct()
            .ToList();

        Assert.Contains("erlmcp-autoscaler:0.1.0", images);
        Assert.All(images, image => Assert.True(ImageReference.IsPinned(image), $"image {image} is not pinned to a tag other than latest"));
    }

    [Theory]
    [InlineData("erlmcp-autoscaler:0.1.0", true)]
    [InlineData("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", true)]
    [InlineData("registry:5000/erlmcp-autoscaler:0.1.0", true)]
    [InlineData("erlmcp-autoscaler@sha256:0123456789abcdef", true)]
    [InlineData("erlmcp-autoscaler", false)]
    [InlineData("registry:5000/erlmcp-autoscaler", false)]
    [InlineData("erlmcp-autoscaler:latest", false)]
    public void Image_references_are_pinned_by_tag_or_digest(string image, bool pinned)
    {
        Assert.Equal(pinned, ImageReference.IsPinned(image));
    }
}
