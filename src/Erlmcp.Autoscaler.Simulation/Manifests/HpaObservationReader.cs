using Erlmcp.Autoscaler.Core.Hpa;

namespace Erlmcp.Autoscaler.Simulation.Manifests;

/// <summary>What the HPA controller observes at one sync: the time, the target's /scale, the pods, their metrics.</summary>
public sealed record HpaObservation(DateTimeOffset Now, ScaleInfo Scale, IReadOnlyList<PodInfo> Pods, MetricsSnapshot Metrics);

/// <summary>
/// Reads an observation file (see <c>examples/hpa/metrics.yaml</c>): <c>time</c>, <c>scale</c>, <c>podDefaults</c>,
/// <c>pods</c> with their resource <c>usage</c> (metrics.k8s.io) and custom <c>metrics</c> (custom.metrics.k8s.io),
/// <c>objects</c> and <c>external</c> metrics.
/// </summary>
public static class HpaObservationReader
{
    private const string DefaultContainer = "erlmcp";

    private static readonly TimeSpan DefaultResourceWindow = TimeSpan.FromSeconds(15);

    private static readonly string[] PodFields =
        ["name", "labels", "phase", "ready", "readySince", "startTime", "deleting", "requests", "usage", "containers", "metrics", "metricsTime", "window"];

    public static HpaObservation ReadFile(string path) => Read(File.ReadAllText(path), path);

    public static HpaObservation Read(string yaml, string source)
    {
        var root = YamlCursor.Load(yaml, source).RejectUnknownFields("time", "scale", "podDefaults", "pods", "objects", "external");
        var now = root.Required("time").Time()!.Value;
        var defaults = root.Field("podDefaults").RejectUnknownFields(PodFields.Where(f => f != "name").ToArray());
        var metrics = new MetricsSnapshot();
        var pods = root.Required("pods").Items().Select(pod => ReadPod(pod, defaults, now, metrics)).ToList();
        var duplicate = pods.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw root.Field("pods").Error($"pod \"{duplicate.Key}\" is listed more than once");
        }

        var scale = root.Required("scale").RejectUnknownFields("replicas", "statusReplicas", "selector");
        var replicas = scale.Required("replicas").Int()!.Value;
        foreach (var item in root.Field("objects").Items())
        {
            item.RejectUnknownFields("apiVersion", "kind", "name", "metric", "value", "labels", "time");
            metrics.SetObjectMetric(
                item.Required("metric").RequiredString(),
                new CrossVersionObjectReference(
                    item.Required("kind").RequiredString(), item.Required("name").RequiredString(), item.Field("apiVersion").String() ?? ""),
                item.Required("value").Quantity()!.Value.MilliValue(),
                item.Field("time").Time() ?? now,
                Labels(item.Field("labels")));
        }

        foreach (var item in root.Field("external").Items())
        {
            item.RejectUnknownFields("metric", "value", "labels", "time");
            metrics.AddExternalSeries(
                item.Required("metric").RequiredString(),
                item.Required("value").Quantity()!.Value.MilliValue(),
                item.Field("time").Time() ?? now,
                Labels(item.Field("labels")));
        }

        return new HpaObservation(
            now,
            new ScaleInfo(replicas, scale.Field("statusReplicas").Int() ?? replicas, scale.Field("selector").String() ?? ""),
            pods,
            metrics);
    }

    private static PodInfo ReadPod(YamlCursor pod, YamlCursor defaults, DateTimeOffset now, MetricsSnapshot metrics)
    {
        pod.RejectUnknownFields(PodFields);
        YamlCursor Field(string name) => pod.Field(name) is { Exists: true } own ? own : defaults.Field(name);

        var name = pod.Required("name").RequiredString();
        var readySince = Field("readySince").Time() ?? now.AddHours(-1);
        var startTime = Field("startTime").Time() ?? readySince;
        var ready = Field("ready").Bool() ?? true;
        var phaseField = Field("phase");
        var phase = phaseField.Exists ? phaseField.Enum<PodPhase>() : PodPhase.Running;
        var metricsTime = Field("metricsTime").Time() ?? now;

        var containers = new List<ContainerInfo>();
        var usage = new List<ContainerUsage>();
        var containersField = Field("containers");
        if (containersField.Exists)
        {
            foreach (var container in containersField.Items())
            {
                container.RejectUnknownFields("name", "requests", "usage", "sidecar");
                var containerName = container.Required("name").RequiredString();
                containers.Add(new ContainerInfo(containerName, MilliMap(container.Field("requests")), container.Field("sidecar").Bool() ?? false));
                if (container.Field("usage").Exists)
                {
                    usage.Add(new ContainerUsage(containerName, MilliMap(container.Field("usage"))));
                }
            }
        }
        else
        {
            containers.Add(new ContainerInfo(DefaultContainer, MilliMap(Field("requests"))));
            if (Field("usage").Exists)
            {
                usage.Add(new ContainerUsage(DefaultContainer, MilliMap(Field("usage"))));
            }
        }

        if (usage.Count > 0)
        {
            metrics.AddPodUsage(name, metricsTime, Field("window").Duration() ?? DefaultResourceWindow, usage);
        }

        foreach (var (metric, value) in Field("metrics").Entries())
        {
            metrics.AddPodMetric(metric, name, value.Quantity()!.Value.MilliValue(), metricsTime);
        }

        return new PodInfo(
            name,
            phase,
            phase == PodPhase.Pending ? null : new PodReadyCondition(ready ? ConditionStatus.True : ConditionStatus.False, readySince),
            phase == PodPhase.Pending ? null : startTime,
            containers,
            DeletionTimestamp: (Field("deleting").Bool() ?? false) ? now : null,
            Labels: Labels(Field("labels")));
    }

    private static Dictionary<string, long> MilliMap(YamlCursor map) =>
        map.Entries().ToDictionary(e => e.Key, e => e.Value.Quantity()!.Value.MilliValue());

    private static Dictionary<string, string> Labels(YamlCursor labels) =>
        labels.Entries().ToDictionary(e => e.Key, e => e.Value.RequiredString());
}
