namespace Erlmcp.Autoscaler.Core.Connections;

/// <summary>
/// One reading of a pod's open connections: the count, when it was observed, over what window it was computed
/// (zero for an instantaneous gauge) and which source reported it (e.g. <c>erlang</c>, <c>prometheus</c>).
/// </summary>
public sealed record ConnectionObservation
{
    public ConnectionObservation(long connections, DateTimeOffset observedAt, TimeSpan window, string source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(connections);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrEmpty(source);
        Connections = connections;
        ObservedAt = observedAt;
        Window = window;
        Source = source;
    }

    public long Connections { get; }

    public DateTimeOffset ObservedAt { get; }

    public TimeSpan Window { get; }

    public string Source { get; }

    /// <summary>How old the observation is at <paramref name="now"/>; negative when the source's clock runs ahead.</summary>
    public TimeSpan AgeAt(DateTimeOffset now) => now - ObservedAt;
}
