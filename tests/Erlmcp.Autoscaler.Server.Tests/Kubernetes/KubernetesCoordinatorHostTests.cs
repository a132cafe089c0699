using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Kubernetes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Erlmcp.Autoscaler.Server.Tests.Kubernetes;

public sealed class KubernetesCoordinatorHostTests
{
    [Fact]
    public void NothingIsRegisteredUnlessTheCoordinatorIsEnabled()
    {
        var builder = Builder([]);

        builder.AddKubernetesCoordinator();

        Assert.DoesNotContain(builder.Services, s => s.ServiceType == typeof(IClusterResources) || s.ServiceType == typeof(ILeaderElection) || s.ServiceType == typeof(IKubernetes));
    }

    [Fact]
    public void EnabledRegistersTheClusterResourcesTheLeaseElectionAndOneKubernetesClient()
    {
        var builder = Builder(new() { ["Coordinator:Enabled"] = "true" });

        builder.AddKubernetesCoordinator();

        Assert.Single(builder.Services, s => s.ServiceType == typeof(IClusterResources));
        Assert.Single(builder.Services, s => s.ServiceType == typeof(ILeaderElection));
        Assert.Single(builder.Services, s => s.ServiceType == typeof(IKubernetes));
    }

    [Fact]
    public void WithoutLeaderElectionNoLeaseIsRegistered()
    {
        var builder = Builder(new() { ["Coordinator:Enabled"] = "true", ["Coordinator:LeaderElection"] = "false" });

        builder.AddKubernetesCoordinator();

        Assert.Single(builder.Services, s => s.ServiceType == typeof(IClusterResources));
        Assert.DoesNotContain(builder.Services, s => s.ServiceType == typeof(ILeaderElection));
    }

    [Fact]
    public void InAPodTheLeaseIsInTheServersNamespaceAndTheIdentityIsThePodName()
    {
        var options = new CoordinatorLeaseOptions { Enabled = true, Namespace = "erlmcp" };

        KubernetesCoordinatorHost.FillDefaults(options, podName: "erlmcp-autoscaler-5d8c7-x2x9q", serverNamespace: "erlmcp-system");

        Assert.Equal(("erlmcp-autoscaler", "erlmcp-system", "erlmcp-autoscaler-5d8c7-x2x9q"), (options.LeaseName, options.LeaseNamespace, options.Identity));
    }

    [Fact]
    public void OutsideAPodTheLeaseIsInTheClustersNamespaceAndTheIdentityIsTheHostName()
    {
        var options = new CoordinatorLeaseOptions { Enabled = true, Namespace = "erlmcp" };

        KubernetesCoordinatorHost.FillDefaults(options, podName: null, serverNamespace: null);

        Assert.Equal(("erlmcp", Environment.MachineName), (options.LeaseNamespace, options.Identity));
    }

    [Fact]
    public void SettingsThatAreSetAreKept()
    {
        var options = new CoordinatorLeaseOptions { Enabled = true, LeaseName = "coordinator", LeaseNamespace = "leases", Identity = "replica-a" };

        KubernetesCoordinatorHost.FillDefaults(options, podName: "pod", serverNamespace: "erlmcp-system");

        Assert.Equal(("coordinator", "leases", "replica-a"), (options.LeaseName, options.LeaseNamespace, options.Identity));
    }

    [Fact]
    public void BadSettingsAreEachNamedByKey()
    {
        var options = new CoordinatorLeaseOptions { Enabled = true, LeaseName = "Erlmcp_Lease", LeaseNamespace = null, Identity = " " };

        var result = new CoordinatorLeaseOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "Coordinator:LeaseName: \"Erlmcp_Lease\" is not an object name (lower-case letters, digits, '-' and '.', at most 253)",
                "Coordinator:LeaseNamespace: is required: the Lease's namespace (or run in a pod, whose namespace is the default)",
                "Coordinator:Identity: is required: this replica's name in the Lease (set POD_NAME from metadata.name)",
            ],
            result.Failures);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void NothingIsCheckedWhenTheLeaseIsNotUsed(bool enabled, bool leaderElection)
    {
        var options = new CoordinatorLeaseOptions { Enabled = enabled, LeaderElection = leaderElection, LeaseName = "" };

        Assert.True(new CoordinatorLeaseOptionsValidator().Validate(null, options).Succeeded);
    }

    private static WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }
}
