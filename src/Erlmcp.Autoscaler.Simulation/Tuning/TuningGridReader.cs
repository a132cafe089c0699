using Erlmcp.Autoscaler.Simulation.Manifests;

namespace Erlmcp.Autoscaler.Simulation.Tuning;

/// <summary>
/// Reads grid.yaml: for each setting to vary, the list of its values. Errors say
/// <c>file:line:col: field.path[i]: message</c>.
/// </summary>
/// <example>
/// <code>
/// target: [15000, 20000]          # the HPA's erlmcp_connections averageValue
/// tolerance: [0.05, 0.1]
/// scaleUp: {stabilizationWindow: [0s, 30s], podsValue: [2, 4], percentValue: [100]}
/// scaleDown: {stabilizationWindow: [5m, 10m], podsValue: [1], percentValue: [10, 50]}
/// coordinator: {shedRate: [250, 500]}
/// </code>
/// </example>
public static class TuningGridReader
{
    private enum Kind
    {
        Integer,
        Fraction,
        Duration,
    }

    public static TuningGrid ReadFile(string path) => Read(File.ReadAllText(path), path);

    public static TuningGrid Read(string yaml, string source)
    {
        var root = YamlCursor.Load(yaml, source).RejectUnknownFields("target", "tolerance", "scaleUp", "scaleDown", "coordinator");
        var scaleUp = root.Field("scaleUp").RejectUnknownFields("stabilizationWindow", "podsValue", "percentValue");
        var scaleDown = root.Field("scaleDown").RejectUnknownFields("stabilizationWindow", "podsValue", "percentValue");
        var coordinator = root.Field("coordinator").RejectUnknownFields("shedRate");
        (TunableSetting Setting, YamlCursor Field, Kind Kind, double Min, double Max)[] fields =
        [
            (TunableSetting.Target, root.Field("target"), Kind.Integer, 1, 10_000_000),
            (TunableSetting.Tolerance, root.Field("tolerance"), Kind.Fraction, 0, 1),
            (TunableSetting.ScaleUpStabilizationWindow, scaleUp.Field("stabilizationWindow"), Kind.Duration, 0, 3600),
            (TunableSetting.ScaleUpPodsValue, scaleUp.Field("podsValue"), Kind.Integer, 1, 100_000),
            (TunableSetting.ScaleUpPercentValue, scaleUp.Field("percentValue"), Kind.Integer, 1, 100_000),
            (TunableSetting.ScaleDownStabilizationWindow, scaleDown.Field("stabilizationWindow"), Kind.Duration, 0, 3600),
            (TunableSetting.ScaleDownPodsValue, scaleDown.Field("podsValue"), Kind.Integer, 1, 100_000),
            (TunableSetting.ScaleDownPercentValue, scaleDown.Field("percentValue"), Kind.Integer, 1, 100_000),
            (TunableSetting.ShedRate, coordinator.Field("shedRate"), Kind.Integer, 1, 1_000_000),
        ];
        var axes = fields.Where(f => f.Field.Exists).Select(f => Axis(f.Setting, f.Field, f.Kind, f.Min, f.Max)).ToList();
        return axes.Count == 0
            ? throw new InputException($"{source}: no settings to tune (give a list of values for target, tolerance, scaleUp.*, scaleDown.* or coordinator.shedRate)")
            : new TuningGrid(axes);
    }

    private static GridAxis Axis(TunableSetting setting, YamlCursor field, Kind kind, double min, double max)
    {
        var values = new List<double>();
        foreach (var item in field.Items())
        {
            var value = kind switch
            {
                Kind.Integer => item.Long() ?? throw item.Error("a value is required"),
                Kind.Fraction => item.Double() ?? throw item.Error("a value is required"),
                _ => (item.Duration() ?? throw item.Error("a value is required")).TotalSeconds,
            };
            if (value < min || value > max)
            {
                var range = kind == Kind.Duration ? $"0s and 1h" : $"{min} and {max}";
                throw item.Error($"must be between {range}, found {item.String()}");
            }

            if (kind == Kind.Duration && value != Math.Floor(value))
            {
                throw item.Error($"must be a whole number of seconds, found {item.String()}");
            }

            if (values.Contains(value))
            {
                throw item.Error($"{item.String()} is listed twice");
            }

            values.Add(value);
        }

        return values.Count == 0 ? throw field.Error("expected a non-empty list of values") : new GridAxis(setting, field.Path, values);
    }
}
