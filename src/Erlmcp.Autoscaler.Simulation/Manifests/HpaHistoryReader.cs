using Erlmcp.Autoscaler.Core.Hpa;

namespace Erlmcp.Autoscaler.Simulation.Manifests;

/// <summary>
/// Reads what the HPA controller remembers of one autoscaler between syncs (see <c>examples/hpa/history.yaml</c>):
/// its recent recommendations and scale events. The controller keeps this in memory only, so it is written by hand
/// or by the simulator.
/// </summary>
public static class HpaHistoryReader
{
    public static HpaHistory ReadFile(string path) => Read(File.ReadAllText(path), path);

    public static HpaHistory Read(string yaml, string source)
    {
        var root = YamlCursor.Load(yaml, source).RejectUnknownFields("recommendations", "scaleUpEvents", "scaleDownEvents");
        var recommendations = root.Field("recommendations").Items().Select(item =>
        {
            item.RejectUnknownFields("replicas", "time");
            return new TimestampedRecommendation(item.Required("replicas").Int()!.Value, item.Required("time").Time()!.Value);
        }).ToList();
        return new HpaHistory(recommendations, Events(root.Field("scaleUpEvents")), Events(root.Field("scaleDownEvents")));
    }

    private static List<TimestampedScaleEvent> Events(YamlCursor events) => events.Items().Select(item =>
    {
        item.RejectUnknownFields("change", "time", "outdated");
        var change = item.Required("change");
        var replicas = change.Int()!.Value;
        return replicas > 0
            ? new TimestampedScaleEvent(replicas, item.Required("time").Time()!.Value, item.Field("outdated").Bool() ?? false)
            : throw change.Error($"must be the number of replicas added or removed (positive), got {replicas}");
    }).ToList();
}
