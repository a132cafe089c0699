using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Erlmcp.Autoscaler.Server.Observability;

namespace Erlmcp.Autoscaler.Server.Tests.Coordinator.Fakes;

/// <summary>Listens to the server's meter and keeps the measurements whose tag <c>Tag</c> has the value <c>Value</c>.</summary>
public sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags)> _measurements = new();

    public MetricCapture(string tag, string value)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ServerTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, measurement, tags, _) => Keep(instrument, measurement, tags, tag, value));
        _listener.SetMeasurementEventCallback<double>((instrument, measurement, tags, _) => Keep(instrument, measurement, tags, tag, value));
        _listener.Start();
    }

    /// <summary>The sum of the instrument's measurements whose tags include all of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && v == t.Value)).Sum(m => m.Value);

    /// <summary>Reads the observable gauges now; returns each measurement of <paramref name="instrument"/> (with its tags).</summary>
    public IReadOnlyList<(double Value, IReadOnlyDictionary<string, string?> Tags)> Observe(string instrument)
    {
        var before = _measurements.Count;
        _listener.RecordObservableInstruments();
        return [.. _measurements.Skip(before).Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags))];
    }

    public void Dispose() => _listener.Dispose();

    private void Keep(Instrument instrument, double measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, string tag, string value)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in tags)
        {
            copy[pair.Key] = pair.Value?.ToString();
        }

        if (copy.TryGetValue(tag, out var found) && found == value)
        {
            _measurements.Enqueue((instrument.Name, measurement, copy));
        }
    }
}
