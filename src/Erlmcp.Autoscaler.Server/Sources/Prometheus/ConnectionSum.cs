using System.Text;

namespace Erlmcp.Autoscaler.Server.Sources.Prometheus;

/// <summary>Sums the samples of one metric whose labels match, and keeps the oldest timestamp among them.</summary>
internal sealed class ConnectionSum(string metricName, SeriesMatcher series) : IPrometheusSampleSink
{
    private readonly byte[] name = Encoding.UTF8.GetBytes(metricName);

    /// <summary>How many series were summed.</summary>
    public int Series { get; private set; }

    public double Total { get; private set; }

    /// <summary>
    /// The oldest timestamp of the series summed, when every one has a timestamp: the sum is only as recent as its
    /// oldest part. Null when any series has none (the scrape's time is then the observation's).
    /// </summary>
    public long? OldestTimestamp { get; private set; }

    private bool anyWithoutTimestamp;

    public void Add(PrometheusSample sample)
    {
        if (!sample.MetricName.SequenceEqual(name) || !series.Matches(sample))
        {
            return;
        }

        Series++;
        Total += sample.Value;
        if (sample.TimestampMilliseconds is { } timestamp && !anyWithoutTimestamp)
        {
            OldestTimestamp = OldestTimestamp is { } oldest ? Math.Min(oldest, timestamp) : timestamp;
        }
        else
        {
            anyWithoutTimestamp = true;
            OldestTimestamp = null;
        }
    }
}
