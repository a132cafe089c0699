using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Simulation.Manifests;
using Erlmcp.Autoscaler.Simulation.Metrics;
using Erlmcp.Autoscaler.Simulation.Model;
using Erlmcp.Autoscaler.Simulation.Strategies;
using Erlmcp.Autoscaler.Simulation.Traces;

namespace Erlmcp.Autoscaler.Simulation.Scenarios;

/// <summary>
/// Reads a scenario YAML (see <c>Scenarios/default-scenario.yaml</c>, which documents every field) into a validated
/// <see cref="Scenario"/>. Every error names the file, line, column and field path. Paths in the scenario are
/// relative to its file. Fields left out take the defaults of the default scenario.
/// </summary>
public static class ScenarioReader
{
    private static readonly Dictionary<string, LoadBalancingPolicy> Policies = new(StringComparer.Ordinal)
    {
        ["least-connections"] = LoadBalancingPolicy.LeastConnections,
        ["random"] = LoadBalancingPolicy.Random,
        ["round-robin"] = LoadBalancingPolicy.RoundRobin,
    };

    public static Scenario ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: no such scenario file");
        }

        return Read(File.ReadAllText(path), path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>The embedded default: a synthetic day with flash crowds, through the guide's HPA.</summary>
    public static Scenario Default() => Read(EmbeddedFiles.Read(EmbeddedFiles.DefaultScenario), "default-scenario.yaml", Directory.GetCurrentDirectory());

    /// <param name="yaml">The scenario.</param>
    /// <param name="source">Its name in messages.</param>
    /// <param name="baseDirectory">What relative paths in it are relative to.</param>
    public static Scenario Read(string yaml, string source, string baseDirectory)
    {
        var root = YamlCursor.Load(yaml, source).RejectUnknownFields(
            "name", "seed", "step", "start", "duration", "trace", "sessions", "pods", "loadBalancing", "hpa", "metrics",
            "strategy", "coordinator", "initialReplicas", "output", "summary");
        var step = PositiveDuration(root.Field("step"), TimeSpan.FromSeconds(1));
        if (step > TimeSpan.FromMinutes(1) || step.TotalMilliseconds % 1 != 0)
        {
            throw root.Field("step").Error($"must be a whole number of milliseconds up to 1m, got {GoDuration.Format(step)}");
        }

        var hpaField = root.Field("hpa").RejectUnknownFields(
            "manifest", "syncPeriod", "tolerance", "cpuInitializationPeriod", "initialReadinessDelay", "downscaleStabilization");
        var (hpa, hpaSource) = ReadHpa(hpaField, baseDirectory);
        var metrics = ReadMetrics(root.Field("metrics"), root.Field("pods"));
        var pods = ReadPods(root.Field("pods"));
        var sampleField = root.Field("output").RejectUnknownFields("sampleInterval").Field("sampleInterval");
        var sampleInterval = PositiveDuration(sampleField, TimeSpan.FromSeconds(10));
        if (sampleInterval < step)
        {
            throw sampleField.Error($"must be at least the step ({GoDuration.Format(step)}), got {GoDuration.Format(sampleInterval)}");
        }

        return new Scenario
        {
            Name = root.Field("name").String() ?? Path.GetFileNameWithoutExtension(source),
            Source = source,
            Seed = ReadSeed(root.Field("seed")),
            Step = step,
            Start = root.Field("start").Time(),
            Duration = root.Field("duration").Exists ? PositiveDuration(root.Field("duration"), TimeSpan.Zero) : null,
            Trace = ReadTrace(root.Required("trace"), baseDirectory),
            Scale = ReadScale(root.Field("trace")),
            Sessions = ReadSessionLength(root.Field("sessions").RejectUnknownFields("length", "reconnect").Field("length")),
            Reconnect = ReadReconnect(root.Field("sessions").Field("reconnect")),
            Pods = pods,
            ConnectionTarget = ReadTarget(root.Field("pods").Field("target"), hpa.Spec, metrics.ConnectionsMetric),
            LoadBalancing = Choice(root.Field("loadBalancing"), Policies, LoadBalancingPolicy.LeastConnections),
            Hpa = hpa,
            HpaSource = hpaSource,
            HpaSyncPeriod = PositiveDuration(hpaField.Field("syncPeriod"), TimeSpan.FromSeconds(15)),
            Controller = ReadController(hpaField),
            Metrics = metrics,
            Coordinator = ReadCoordinator(root.Field("coordinator")),
            Strategy = ReadStrategy(root.Field("strategy")),
            InitialReplicas = ReadInitialReplicas(root.Field("initialReplicas"), hpa.Spec),
            SampleInterval = sampleInterval,
            ReversalWindow = PositiveDuration(root.Field("summary").RejectUnknownFields("reversalWindow").Field("reversalWindow"), TimeSpan.FromMinutes(10)),
        };
    }

    private static ulong ReadSeed(YamlCursor field)
    {
        var seed = field.Long() ?? 1;
        return seed >= 0 ? (ulong)seed : throw field.Error($"must be a non-negative integer, got {seed}");
    }

    private static TraceSource ReadTrace(YamlCursor trace, string baseDirectory)
    {
        trace.RejectUnknownFields("file", "format", "interval", "requestBin", "scale", "synthetic");
        var file = trace.Field("file");
        var synthetic = trace.Field("synthetic");
        if (file.Exists == synthetic.Exists)
        {
            throw trace.Error("give exactly one of \"file\" (a trace file) and \"synthetic\" (a generated trace)");
        }

        if (synthetic.Exists)
        {
            foreach (var fileOnly in new[] { "format", "interval", "requestBin" })
            {
                if (trace.Field(fileOnly).Exists)
                {
                    throw trace.Field(fileOnly).Error("applies to a trace file only");
                }
            }

            return new SyntheticTraceSource(ReadSynthetic(synthetic));
        }

        var path = Path.GetFullPath(Path.Combine(baseDirectory, file.RequiredString()));
        if (!File.Exists(path))
        {
            throw file.Error($"no such file: {path}");
        }

        var format = Choice(trace.Required("format"), TraceFormats.ByName, TraceFormat.Opened);
        var interval = trace.Field("interval");
        return new FileTraceSource(
            path,
            format,
            interval.Exists ? PositiveDuration(interval, TimeSpan.Zero) : null,
            PositiveDuration(trace.Field("requestBin"), TimeSpan.FromSeconds(1)));
    }

    private static double ReadScale(YamlCursor trace)
    {
        var field = trace.Field("scale");
        var scale = field.Double() ?? 1;
        return scale > 0 ? scale : throw field.Error($"must be greater than 0, got {scale}");
    }

    private static SyntheticTrace ReadSynthetic(YamlCursor synthetic)
    {
        synthetic.RejectUnknownFields("start", "days", "interval", "peakConnections", "troughFraction", "peakHour", "noise", "flashCrowds");
        var crowds = synthetic.Field("flashCrowds").RejectUnknownFields("perDay", "height", "rise", "decay");
        return new SyntheticTrace(
            synthetic.Field("start").Time() ?? new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero),
            Number(synthetic.Field("days"), 1, min: 0, minInclusive: false, max: 3660),
            PositiveDuration(synthetic.Field("interval"), TimeSpan.FromMinutes(1)),
            Number(synthetic.Field("peakConnections"), 300_000, min: 0, minInclusive: false),
            Number(synthetic.Field("troughFraction"), 0.2, min: 0, max: 1),
            Number(synthetic.Field("peakHour"), 20, min: 0, max: 24),
            Number(synthetic.Field("noise"), 0.02, min: 0, max: 0.5),
            new FlashCrowds(
                (int)Number(crowds.Field("perDay"), 3, min: 0, max: 1000),
                Number(crowds.Field("height"), 0.3, min: 0, max: 100),
                NonNegativeDuration(crowds.Field("rise"), TimeSpan.FromMinutes(2)),
                PositiveDuration(crowds.Field("decay"), TimeSpan.FromMinutes(20))));
    }

    private static SessionLength ReadSessionLength(YamlCursor length)
    {
        length.RejectUnknownFields("model", "mean", "length");
        var model = Choice(length.Field("model"), new Dictionary<string, SessionLengthModel>(StringComparer.Ordinal)
        {
            ["exponential"] = SessionLengthModel.Exponential,
            ["fixed"] = SessionLengthModel.Fixed,
        }, SessionLengthModel.Exponential);
        var (used, unused) = model == SessionLengthModel.Exponential ? ("mean", "length") : ("length", "mean");
        if (length.Field(unused).Exists)
        {
            throw length.Field(unused).Error($"a {length.Field("model").String() ?? "exponential"} session length takes \"{used}\", not \"{unused}\"");
        }

        return new SessionLength(model, PositiveDuration(length.Field(used), TimeSpan.FromMinutes(30)));
    }

    private static ReconnectPolicy ReadReconnect(YamlCursor reconnect)
    {
        reconnect.RejectUnknownFields("initialDelay", "multiplier", "maxDelay", "jitter");
        var initial = PositiveDuration(reconnect.Field("initialDelay"), TimeSpan.FromSeconds(1));
        var maxField = reconnect.Field("maxDelay");
        var max = PositiveDuration(maxField, TimeSpan.FromMinutes(1));
        if (max < initial)
        {
            throw maxField.Error($"must be at least initialDelay ({GoDuration.Format(initial)}), got {GoDuration.Format(max)}");
        }

        if (max > TimeSpan.FromHours(1))
        {
            throw maxField.Error($"must be at most 1h, got {GoDuration.Format(max)}");
        }

        return new ReconnectPolicy(
            initial,
            Number(reconnect.Field("multiplier"), 2, min: 1, max: 100),
            max,
            Number(reconnect.Field("jitter"), 0.5, min: 0, max: 1, maxInclusive: false));
    }

    private static PodTemplate ReadPods(YamlCursor pods)
    {
        pods.RejectUnknownFields("statefulSet", "startDelay", "readinessDelay", "limit", "target", "requests", "usage");
        var requests = pods.Field("requests").RejectUnknownFields("cpu", "memory");
        var limitField = pods.Field("limit");
        var limit = limitField.Long() ?? 25_000;
        if (limit is <= 0 or > 100_000_000)
        {
            throw limitField.Error($"must be between 1 and 100000000 connections, got {limit}");
        }

        return new PodTemplate(
            pods.Field("statefulSet").String() ?? "erlmcp",
            NonNegativeDuration(pods.Field("startDelay"), TimeSpan.FromSeconds(20)),
            NonNegativeDuration(pods.Field("readinessDelay"), TimeSpan.FromSeconds(10)),
            limit,
            PositiveMilli(requests.Field("cpu"), 2000),
            PositiveMilli(requests.Field("memory"), 4L * 1024 * 1024 * 1024 * 1000));
    }

    private static long ReadTarget(YamlCursor field, HpaSpec spec, string connectionsMetric)
    {
        if (field.Exists)
        {
            var target = field.Long()!.Value;
            return target > 0 ? target : throw field.Error($"must be greater than 0, got {target}");
        }

        var fromHpa = spec.Metrics.FirstOrDefault(m => m.Pods is { } pods && pods.Metric.Name == connectionsMetric
            && pods.Target.AverageValueMilli is not null);
        return fromHpa is not null
            ? Math.Max(1, fromHpa.Pods!.Target.AverageValueMilli!.Value / 1000)
            : throw field.Error($"required: the HPA has no Pods metric {connectionsMetric} with an averageValue target to take the connections target from");
    }

    private static (HpaManifestReader.HpaManifest Manifest, string Source) ReadHpa(YamlCursor hpa, string baseDirectory)
    {
        var manifest = hpa.Field("manifest");
        if (!manifest.Exists)
        {
            return (HpaManifestReader.Read(EmbeddedFiles.Read(EmbeddedFiles.GuideHpa), "erlmcp-hpa.yaml (embedded)"), "the erlmcp deployment guide's HPA (embedded)");
        }

        var path = Path.GetFullPath(Path.Combine(baseDirectory, manifest.RequiredString()));
        if (!File.Exists(path))
        {
            throw manifest.Error($"no such file: {path}");
        }

        return (HpaManifestReader.ReadFile(path), path);
    }

    private static HpaControllerOptions ReadController(YamlCursor hpa) => new()
    {
        Tolerance = Number(hpa.Field("tolerance"), 0.1, min: 0, max: 10),
        CpuInitializationPeriod = NonNegativeDuration(hpa.Field("cpuInitializationPeriod"), TimeSpan.FromMinutes(5)),
        DelayOfInitialReadinessStatus = NonNegativeDuration(hpa.Field("initialReadinessDelay"), TimeSpan.FromSeconds(30)),
        DownscaleStabilisationWindow = NonNegativeDuration(hpa.Field("downscaleStabilization"), TimeSpan.FromMinutes(5)),
    };

    private static MetricsSetup ReadMetrics(YamlCursor metrics, YamlCursor pods)
    {
        metrics.RejectUnknownFields("connections", "resources");
        var connections = metrics.Field("connections").RejectUnknownFields("pipeline", "scrapeInterval", "queryDelay", "metric");
        var pipeline = Choice(connections.Field("pipeline"), new Dictionary<string, ConnectionsPipeline>(StringComparer.Ordinal)
        {
            ["push"] = ConnectionsPipeline.Push,
            ["prometheus"] = ConnectionsPipeline.Prometheus,
        }, ConnectionsPipeline.Push);
        if (pipeline == ConnectionsPipeline.Push)
        {
            foreach (var scrapeOnly in new[] { "scrapeInterval", "queryDelay" })
            {
                if (connections.Field(scrapeOnly).Exists)
                {
                    throw connections.Field(scrapeOnly).Error("applies to the prometheus pipeline only");
                }
            }
        }

        var scrapeInterval = PositiveDuration(connections.Field("scrapeInterval"), TimeSpan.FromSeconds(30));
        var queryDelayField = connections.Field("queryDelay");
        var queryDelay = NonNegativeDuration(queryDelayField, TimeSpan.FromSeconds(30));
        if (queryDelay > TimeSpan.FromHours(1))
        {
            throw queryDelayField.Error($"must be at most 1h, got {GoDuration.Format(queryDelay)}");
        }

        var resources = metrics.Field("resources").RejectUnknownFields("resolution");
        var usage = pods.Field("usage").RejectUnknownFields("cpu", "memory");
        var cpu = usage.Field("cpu").RejectUnknownFields("base", "perConnection");
        var memory = usage.Field("memory").RejectUnknownFields("base", "perConnection");
        return new MetricsSetup(
            pipeline,
            scrapeInterval,
            queryDelay,
            PositiveDuration(resources.Field("resolution"), TimeSpan.FromSeconds(15)),
            connections.Field("metric").String() ?? "erlmcp_connections",
            new ResourceUsageModel(
                NonNegativeMilli(cpu.Field("base"), 100),
                NonNegativeMilli(cpu.Field("perConnection"), 0.04),
                NonNegativeMilli(memory.Field("base"), 300.0 * 1024 * 1024 * 1000),
                NonNegativeMilli(memory.Field("perConnection"), 48.0 * 1024 * 1000)));
    }

    private static string ReadStrategy(YamlCursor field)
    {
        var strategy = field.String() ?? ScalingStrategies.Baseline;
        return ScalingStrategies.Names.Contains(strategy)
            ? strategy
            : throw field.Error($"\"{strategy}\" is not one of {string.Join(", ", ScalingStrategies.Names.Select(n => $"\"{n}\""))}");
    }

    private static ClusterSpec ReadCoordinator(YamlCursor coordinator)
    {
        coordinator.RejectUnknownFields("drain", "rebalance", "join");
        var drain = coordinator.Field("drain").RejectUnknownFields("healthCheckWait", "shedRate", "deadline", "deadlinePolicy");
        var rebalance = coordinator.Field("rebalance").RejectUnknownFields("absoluteThreshold", "relativeThreshold", "shedRate", "cooldown");
        var join = coordinator.Field("join").RejectUnknownFields("timeout");
        var defaults = new ClusterSpec { DesiredReplicas = 1 };
        var spec = defaults with
        {
            Drain = defaults.Drain with
            {
                HealthCheckWait = NonNegativeDuration(drain.Field("healthCheckWait"), defaults.Drain.HealthCheckWait),
                ShedRatePerSecond = (int)Number(drain.Field("shedRate"), defaults.Drain.ShedRatePerSecond, min: 1, max: 1_000_000),
                Deadline = PositiveDuration(drain.Field("deadline"), defaults.Drain.Deadline),
                DeadlinePolicy = Choice(drain.Field("deadlinePolicy"), new Dictionary<string, DeadlinePolicy>(StringComparer.Ordinal)
                {
                    ["HoldAndReport"] = DeadlinePolicy.HoldAndReport,
                    ["Force"] = DeadlinePolicy.Force,
                }, defaults.Drain.DeadlinePolicy),
            },
            Rebalance = defaults.Rebalance with
            {
                AbsoluteThreshold = (long)Number(rebalance.Field("absoluteThreshold"), defaults.Rebalance.AbsoluteThreshold, min: 0),
                RelativeThreshold = Number(rebalance.Field("relativeThreshold"), defaults.Rebalance.RelativeThreshold, min: 1),
                ShedRatePerSecond = (int)Number(rebalance.Field("shedRate"), defaults.Rebalance.ShedRatePerSecond, min: 1, max: 1_000_000),
                Cooldown = NonNegativeDuration(rebalance.Field("cooldown"), defaults.Rebalance.Cooldown),
            },
            Join = defaults.Join with { Timeout = PositiveDuration(join.Field("timeout"), defaults.Join.Timeout) },
        };
        return spec.Validate() is { Count: > 0 } errors
            ? throw coordinator.Error(string.Join("; ", errors))
            : spec;
    }

    private static int? ReadInitialReplicas(YamlCursor field, HpaSpec spec)
    {
        var replicas = field.Int();
        var min = spec.MinReplicas ?? 1;
        return replicas is null || (replicas >= min && replicas <= spec.MaxReplicas)
            ? replicas
            : throw field.Error($"must be within the HPA's minReplicas and maxReplicas ({min}..{spec.MaxReplicas}), got {replicas}");
    }

    private static T Choice<T>(YamlCursor field, IReadOnlyDictionary<string, T> choices, T fallback)
    {
        var text = field.String();
        if (text is null)
        {
            return fallback;
        }

        return choices.TryGetValue(text, out var value)
            ? value
            : throw field.Error($"\"{text}\" is not one of {string.Join(", ", choices.Keys.Select(k => $"\"{k}\""))}");
    }

    private static TimeSpan PositiveDuration(YamlCursor field, TimeSpan fallback)
    {
        var value = field.Duration() ?? fallback;
        return value > TimeSpan.Zero ? value : throw field.Error($"must be longer than 0, got {GoDuration.Format(value)}");
    }

    private static TimeSpan NonNegativeDuration(YamlCursor field, TimeSpan fallback) => field.Duration() ?? fallback;

    private static double Number(YamlCursor field, double fallback, double min, double max = double.MaxValue, bool minInclusive = true, bool maxInclusive = true)
    {
        var value = field.Double() ?? fallback;
        var aboveMin = minInclusive ? value >= min : value > min;
        var belowMax = maxInclusive ? value <= max : value < max;
        if (aboveMin && belowMax)
        {
            return value;
        }

        var range = $"{(minInclusive ? "[" : "(")}{min}, {(max == double.MaxValue ? "∞" : max.ToString(System.Globalization.CultureInfo.InvariantCulture))}{(maxInclusive ? "]" : ")")}";
        throw field.Error($"must be within {range}, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    private static long PositiveMilli(YamlCursor field, long fallback)
    {
        var quantity = field.Quantity();
        if (quantity is null)
        {
            return fallback;
        }

        return quantity.Value.Sign > 0 ? quantity.Value.MilliValue() : throw field.Error($"must be positive, got {quantity}");
    }

    private static double NonNegativeMilli(YamlCursor field, double fallback)
    {
        var quantity = field.Quantity();
        if (quantity is null)
        {
            return fallback;
        }

        return quantity.Value.Sign >= 0 ? quantity.Value.AsApproximateFloat64() * 1000 : throw field.Error($"must not be negative, got {quantity}");
    }
}
