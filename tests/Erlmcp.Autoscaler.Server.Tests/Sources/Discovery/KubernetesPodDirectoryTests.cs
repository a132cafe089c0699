using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Sources.Discovery;
using k8s;
using k8s.Models;

namespace Erlmcp.Autoscaler.Server.Tests.Sources.Discovery;

/// <summary>What the directory makes of a pod object, and how it keeps the store in step.</summary>
public sealed class KubernetesPodDirectoryTests
{
    private static readonly NodeNameTemplate Template = NodeNameTemplate.Parse("erlmcp@{pod}.erlmcp-headless.{namespace}.svc.cluster.local");

    private static V1Pod Pod(string name, string? ip = "10.0.0.1", bool ready = true, string phase = "Running", string ownerKind = "StatefulSet", bool controller = true, bool deleting = false) =>
        new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "erlmcp",
                Labels = new Dictionary<string, string> { ["app"] = "erlmcp" },
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = ownerKind, Name = "erlmcp", Uid = "u", Controller = controller }],
                DeletionTimestamp = deleting ? new DateTime(2026, 11, 26, 21, 0, 0, DateTimeKind.Utc) : null,
            },
            Status = new V1PodStatus
            {
                Phase = phase,
                PodIP = ip,
                Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            },
        };

    [Theory]
    [InlineData("StatefulSet", true, "erlmcp")]
    [InlineData("ReplicaSet", true, null)]
    [InlineData("StatefulSet", false, null)]
    public void The_StatefulSet_is_the_controlling_owner_of_that_kind(string kind, bool controller, string? statefulSet)
    {
        var directory = new KubernetesPodDirectory(new ConnectionStore(TimeSpan.FromSeconds(30)), Template);

        directory.Replace([Pod("erlmcp-0", ownerKind: kind, controller: controller)]);

        Assert.Equal(statefulSet, directory.Current.Pods.Single().StatefulSet);
    }

    [Fact]
    public void Finished_pods_are_not_listed_and_a_pod_being_deleted_still_is()
    {
        var store = new ConnectionStore(TimeSpan.FromSeconds(30));
        var directory = new KubernetesPodDirectory(store, Template);

        directory.Replace([Pod("erlmcp-0", phase: "Succeeded"), Pod("erlmcp-1", phase: "Failed"), Pod("erlmcp-2", ready: false, deleting: true), Pod("erlmcp-3", ip: null, phase: "Pending", ready: false)]);

        Assert.Equal(
            ["erlmcp/erlmcp-2 10.0.0.1 False", "erlmcp/erlmcp-3 - False"],
            directory.Current.Pods.Select(pod => $"{pod.Reference} {pod.PodIp ?? "-"} {pod.Ready}"));
        Assert.Equal(["erlmcp-2", "erlmcp-3"], store.Snapshot(DateTimeOffset.UnixEpoch).Pods.ToArray().Select(pod => pod.Pod.Name));
    }

    [Fact]
    public void A_pod_that_finishes_leaves_the_directory_and_the_store()
    {
        var store = new ConnectionStore(TimeSpan.FromSeconds(30));
        var directory = new KubernetesPodDirectory(store, Template);
        directory.Replace([Pod("erlmcp-0")]);
        store.Record(new PodReference("erlmcp", "erlmcp-0"), new ConnectionObservation(5, DateTimeOffset.UnixEpoch, TimeSpan.Zero, "prometheus"));

        directory.Apply(WatchEventType.Modified, Pod("erlmcp-0", phase: "Failed"));

        Assert.Equal(2, directory.Current.Version);
        Assert.Empty(directory.Current.Pods);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Describing_a_pod_again_keeps_its_latest_value()
    {
        var store = new ConnectionStore(TimeSpan.FromSeconds(30));
        var directory = new KubernetesPodDirectory(store, Template);
        directory.Replace([Pod("erlmcp-0")]);
        var observation = new ConnectionObservation(5, DateTimeOffset.UnixEpoch, TimeSpan.Zero, "prometheus");
        store.Record(new PodReference("erlmcp", "erlmcp-0"), observation);

        var relabelled = Pod("erlmcp-0");
        relabelled.Metadata.Labels["tier"] = "edge";
        directory.Apply(WatchEventType.Modified, relabelled);

        var held = store.Snapshot(DateTimeOffset.UnixEpoch).Pods[0];
        Assert.Equal(observation, held.Latest);
        Assert.Equal("edge", held.Labels["tier"]);
    }

    [Fact]
    public void The_first_list_publishes_even_when_empty_and_an_unchanged_relist_does_not()
    {
        var directory = new KubernetesPodDirectory(new ConnectionStore(TimeSpan.FromSeconds(30)), Template);

        Assert.Equal(0, directory.Replace([]));
        Assert.Equal(1, directory.Current.Version);
        directory.Replace([]);
        Assert.Equal(1, directory.Current.Version);
    }
}
