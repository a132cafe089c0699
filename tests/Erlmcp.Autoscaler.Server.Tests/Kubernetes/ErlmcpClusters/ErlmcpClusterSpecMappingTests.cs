using Erlmcp.Autoscaler.Core.Connections;
using System.Text.Json;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;
using k8s;

namespace Erlmcp.Autoscaler.Server.Tests.Kubernetes.ErlmcpClusters;

public sealed class ErlmcpClusterSpecMappingTests
{
    [Fact]
    public void SecondsBecomeDurationsAndThePercentBecomesEmqxsRatio()
    {
        var resource = Spec("""
            {"replicas": 6, "minReplicas": 2, "maxReplicas": 12, "statefulSetName": "mcp", "nodeNameTemplate": "mcp@{pod}.mcp.{namespace}",
             "connectionLimit": 30000, "connectionTarget": 24000, "stalenessBoundSeconds": 20,
             "drain": {"healthCheckWaitSeconds": 45, "shedRatePerSecond": 200, "deadlineSeconds": 900, "deadlinePolicy": "Force", "allowedRemainder": 5},
             "rebalance": {"absoluteThreshold": 500, "relativeThresholdPercent": 25, "shedRatePerSecond": 100, "cooldownSeconds": 120},
             "join": {"seedOrdinals": [0, 1], "timeoutSeconds": 240, "retryAfterRollbackSeconds": 0},
             "retry": {"initialSeconds": 2, "maxSeconds": 30}}
            """);

        var (spec, nodeNames) = ErlmcpClusterSpecMapping.ToClusterSpec(resource);

        var expected = new ClusterSpec
        {
            DesiredReplicas = 6,
            MinReplicas = 2,
            MaxReplicas = 12,
            StatefulSetName = "mcp",
            ConnectionLimit = 30_000,
            ConnectionTarget = 24_000,
            StalenessBound = TimeSpan.FromSeconds(20),
            Drain = new DrainSettings { HealthCheckWait = TimeSpan.FromSeconds(45), ShedRatePerSecond = 200, Deadline = TimeSpan.FromMinutes(15), DeadlinePolicy = DeadlinePolicy.Force, AllowedRemainder = 5 },
            Rebalance = new RebalanceSettings { AbsoluteThreshold = 500, RelativeThreshold = 1.25, ShedRatePerSecond = 100, Cooldown = TimeSpan.FromMinutes(2) },
            Join = new JoinSettings { SeedOrdinals = [0, 1], Timeout = TimeSpan.FromMinutes(4), RetryAfterRollback = TimeSpan.Zero },
            Retry = new RetrySettings { Initial = TimeSpan.FromSeconds(2), Max = TimeSpan.FromSeconds(30) },
        };
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(spec));
        Assert.Equal("mcp@{pod}.mcp.{namespace}", nodeNames.Text);
    }

    [Fact]
    public void MissingFieldsTakeThePlannersDefaults()
    {
        var (spec, nodeNames) = ErlmcpClusterSpecMapping.ToClusterSpec(Spec("""{"replicas": 4}"""));

        Assert.Equal(JsonSerializer.Serialize(new ClusterSpec { DesiredReplicas = 4 }), JsonSerializer.Serialize(spec));
        Assert.Equal(NodeNameTemplate.Default, nodeNames.Text);
    }

    [Theory]
    [InlineData("""{}""", "spec.replicas: is required (the HPA writes it through /scale)")]
    [InlineData("""{"replicas": -1}""", "spec.replicas: must not be negative, was -1")]
    [InlineData("""{"replicas": 3, "drain": {"deadlineSeconds": 0}}""", "spec.drain.deadlineSeconds: must be positive, was 00:00:00")]
    [InlineData("""{"replicas": 3, "drain": {"deadlinePolicy": "Drop"}}""", "spec.drain.deadlinePolicy: must be Force or HoldAndReport, was \"Drop\"")]
    [InlineData("""{"replicas": 3, "drain": {"allowedRemainder": -2}}""", "spec.drain.allowedRemainder: must not be negative, was -2")]
    [InlineData("""{"replicas": 3, "rebalance": {"relativeThresholdPercent": -5}}""", "spec.rebalance.relativeThresholdPercent: must not be negative, was -5")]
    [InlineData("""{"replicas": 3, "rebalance": {"cooldownSeconds": -1}}""", "spec.rebalance.cooldownSeconds: must not be negative, was -00:00:01")]
    [InlineData("""{"replicas": 3, "stalenessBoundSeconds": 0}""", "spec.stalenessBoundSeconds: must be positive, was 00:00:00")]
    [InlineData("""{"replicas": 3, "join": {"seedOrdinals": [0, -1]}}""", "spec.join.seedOrdinals[1]: must not be negative, was -1")]
    [InlineData("""{"replicas": 3, "join": {"timeoutSeconds": 0}}""", "spec.join.timeoutSeconds: must be positive, was 00:00:00")]
    [InlineData("""{"replicas": 3, "retry": {"initialSeconds": 10, "maxSeconds": 5}}""", "spec.retry.maxSeconds: must be at least retry.initial (00:00:10), was 00:00:05")]
    [InlineData("""{"replicas": 3, "minReplicas": 5, "maxReplicas": 4}""", "spec.maxReplicas: must be at least minReplicas (5), was 4")]
    [InlineData("""{"replicas": 3, "statefulSetName": " "}""", "spec.statefulSetName: must not be empty")]
    [InlineData("""{"replicas": 3, "nodeNameTemplate": "erlmcp@host"}""", "spec.nodeNameTemplate: node name template \"erlmcp@host\" must contain {pod} exactly once")]
    public void AnInvalidFieldIsNamedAtItsPathUnderSpec(string json, string error)
    {
        var thrown = Assert.Throws<ErlmcpClusterSpecException>(() => ErlmcpClusterSpecMapping.ToClusterSpec(Spec(json)));

        Assert.Equal([error], thrown.Errors.Select(e => e.ToString()));
        Assert.Equal(error, thrown.Message);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var thrown = Assert.Throws<ErlmcpClusterSpecException>(() => ErlmcpClusterSpecMapping.ToClusterSpec(
            Spec("""{"replicas": 3, "connectionLimit": 10000, "drain": {"shedRatePerSecond": 0}, "nodeNameTemplate": "{pod}"}""")));

        Assert.Equal(
            [
                "spec.connectionTarget: must not exceed connectionLimit (10000), was 20000",
                "spec.drain.shedRatePerSecond: must be positive, was 0",
                "spec.nodeNameTemplate: node name template \"{pod}\" must have the form name@host with one '@'",
            ],
            thrown.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void AMissingSpecIsAnError()
    {
        var thrown = Assert.Throws<ErlmcpClusterSpecException>(() => ErlmcpClusterSpecMapping.ToClusterSpec(null));

        Assert.Equal("spec: is missing", thrown.Message);
    }

    private static V1Alpha1ErlmcpClusterSpec Spec(string json) => KubernetesJson.Deserialize<V1Alpha1ErlmcpClusterSpec>(json);
}
