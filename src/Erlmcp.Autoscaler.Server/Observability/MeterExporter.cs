using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace Erlmcp.Autoscaler.Server.Observability;

/// <summary>
/// Exports every instrument of one <see cref="Meter"/> into a Prometheus registry under the instrument's own name
/// (<c>erlmcp_autoscaler_watch_restarts</c> stays that), with its tags as labels: counters as counters, up-down
/// counters and gauges as gauges, histograms as histograms. Observable instruments are read at each scrape.
/// </summary>
/// <remarks>
/// prometheus-net's MeterAdapter prefixes every name with the meter's, exports counters as gauges, and shares
/// per-instrument state across adapters (one server stopping breaks another's export in the same process); hence
/// this small listener scoped to one meter and one registry. An instrument must always record the same tag keys:
/// a measurement with another set of keys than its first is dropped, since a Prometheus metric has fixed label names.
/// </remarks>
internal sealed class MeterExporter : IDisposable
{
    private readonly Meter meter;
    private readonly MetricFactory factory;
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<Instrument, ExportedInstrument> exported = new();
    private readonly Func<Instrument, string[], ExportedInstrument> export;
    private volatile bool disposed;

    public MeterExporter(Meter meter, CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(registry);
        this.meter = meter;
        factory = (MetricFactory)Prometheus.Metrics.WithCustomRegistry(registry);
        export = Export;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, this.meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<float>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        registry.AddBeforeCollectCallback(() =>
        {
            if (!disposed)
            {
                listener.RecordObservableInstruments();
            }
        });
    }

    public void Dispose()
    {
        disposed = true;
        listener.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var keys = Array.ConvertAll(sorted, static tag => tag.Key);
        var target = exported.GetOrAdd(instrument, export, keys);
        if (target.TagKeys.AsSpan().SequenceEqual(keys))
        {
            target.Record(value, Array.ConvertAll(sorted, static tag => tag.Value?.ToString() ?? ""));
        }
    }

    private ExportedInstrument Export(Instrument instrument, string[] tagKeys)
    {
        // Label names are made Prometheus-safe once, here, not on every measurement.
        var labelNames = Array.ConvertAll(tagKeys, PrometheusName);
        var name = PrometheusName(instrument.Name);
        var help = string.IsNullOrEmpty(instrument.Description) ? instrument.Name : instrument.Description;
        var kind = instrument.GetType().GetGenericTypeDefinition();
        if (kind == typeof(Counter<>))
        {
            var counter = factory.CreateCounter(name, help, labelNames);
            return new(tagKeys, (value, labels) => counter.WithLabels(labels).Inc(value));
        }

        if (kind == typeof(ObservableCounter<>))
        {
            var counter = factory.CreateCounter(name, help, labelNames);
            return new(tagKeys, (value, labels) => counter.WithLabels(labels).IncTo(value));
        }

        if (kind == typeof(UpDownCounter<>))
        {
            var gauge = factory.CreateGauge(name, help, labelNames);
            return new(tagKeys, (value, labels) => gauge.WithLabels(labels).Inc(value));
        }

        if (kind == typeof(Histogram<>))
        {
            var histogram = factory.CreateHistogram(name, help, labelNames);
            return new(tagKeys, (value, labels) => histogram.WithLabels(labels).Observe(value));
        }

        // ObservableGauge, ObservableUpDownCounter, Gauge: each measurement is the current value.
        var current = factory.CreateGauge(name, help, labelNames);
        return new(tagKeys, (value, labels) => current.WithLabels(labels).Set(value));
    }

    /// <summary>Prometheus allows letters, digits and underscores (and colons, kept for recording rules).</summary>
    private static string PrometheusName(string name) =>
        string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_';
            }
        });

    /// <param name="TagKeys">The measurement tag keys the instrument was first seen with, sorted; measurements with other keys are not exported.</param>
    private sealed record ExportedInstrument(string[] TagKeys, Action<double, string[]> Record);
}
