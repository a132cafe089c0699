using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Erlmcp.Autoscaler.Core.Connections;

namespace Erlmcp.Autoscaler.Server.Sources.Prometheus;

/// <summary>
/// Reads one pod's connection count from its Prometheus endpoint: GET the metrics text within the timeout, never
/// reading more than the size limit (a body is refused as soon as it goes over, whatever Content-Length said), parse
/// it, and sum the configured metric's matching series.
/// </summary>
public sealed class PrometheusScraper : IDisposable
{
    /// <summary>The observations' source name.</summary>
    public const string SourceName = "prometheus";

    private readonly HttpClient http;
    private readonly PrometheusSourceSettings settings;
    private readonly TimeProvider time;

    public PrometheusScraper(PrometheusSourceSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        this.settings = settings;
        this.time = time;
        http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = settings.Timeout,
        })
        {
            // The scrape's own timeout (below) covers the body too; HttpClient's would only cover the headers.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Accept.ParseAdd("text/plain;version=0.0.4");
    }

    /// <summary>The URL of a pod's metrics endpoint.</summary>
    public Uri EndpointOf(string podIp)
    {
        ArgumentException.ThrowIfNullOrEmpty(podIp);
        var host = IPAddress.TryParse(podIp, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{podIp}]" : podIp;
        return new Uri($"http://{host}:{settings.Port.ToString(CultureInfo.InvariantCulture)}{settings.Path}");
    }

    /// <summary>Scrapes the pod at <paramref name="podIp"/>. Never throws for what the pod does; only for cancellation.</summary>
    public async Task<ScrapeResult> ScrapeAsync(string podIp, CancellationToken cancellationToken)
    {
        var endpoint = EndpointOf(podIp);
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var scrape = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        byte[]? body = null;
        try
        {
            using var response = await http.GetAsync(endpoint, HttpCompletionOption.ResponseHeadersRead, scrape.Token);
            if (!response.IsSuccessStatusCode)
            {
                return ScrapeResult.Failed(ScrapeError.HttpStatus, $"{endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > settings.MaxBodyBytes && response.Content.Headers.ContentEncoding.Count == 0)
            {
                return TooLarge(endpoint);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(scrape.Token);
            body = ArrayPool<byte>.Shared.Rent(Math.Min(settings.MaxBodyBytes, 64 * 1024) + 1);
            var length = 0;
            while (true)
            {
                if (length == body.Length)
                {
                    if (length > settings.MaxBodyBytes)
                    {
                        return TooLarge(endpoint);
                    }

                    body = Grow(body, length, Math.Min((long)body.Length * 2, settings.MaxBodyBytes + 1L));
                }

                var read = await stream.ReadAsync(body.AsMemory(length), scrape.Token);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > settings.MaxBodyBytes)
                {
                    return TooLarge(endpoint);
                }
            }

            return Sum(endpoint, body.AsSpan(0, length), time.GetUtcNow());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ScrapeResult.Failed(ScrapeError.Timeout, $"{endpoint} did not answer within {settings.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException e)
        {
            return ScrapeResult.Failed(ScrapeError.Connection, $"{endpoint}: {e.Message}");
        }
        catch (IOException e)
        {
            return ScrapeResult.Failed(ScrapeError.Connection, $"{endpoint}: {e.Message}");
        }
        finally
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }

    public void Dispose() => http.Dispose();

    private ScrapeResult Sum(Uri endpoint, ReadOnlySpan<byte> text, DateTimeOffset completedAt)
    {
        var sum = new ConnectionSum(settings.MetricName, settings.Series);
        var parsed = PrometheusTextParser.Parse(text, sum);
        if (sum.Series == 0)
        {
            return ScrapeResult.Failed(ScrapeError.MetricMissing, $"{endpoint} has no series of {settings.MetricName}{Matchers()}", parsed);
        }

        if (!double.IsFinite(sum.Total) || sum.Total < 0 || sum.Total >= long.MaxValue)
        {
            return ScrapeResult.Failed(ScrapeError.InvalidValue, $"{endpoint}: {settings.MetricName}{Matchers()} sums to {sum.Total.ToString(CultureInfo.InvariantCulture)}, not a connection count", parsed);
        }

        var observedAt = sum.OldestTimestamp is { } milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : completedAt;
        return new ScrapeResult(new ConnectionObservation((long)Math.Round(sum.Total), observedAt, TimeSpan.Zero, SourceName), null, null, parsed);
    }

    private string Matchers() => settings.Series.Text.Length == 0 ? string.Empty : $" matching {settings.Series.Text}";

    private ScrapeResult TooLarge(Uri endpoint) =>
        ScrapeResult.Failed(ScrapeError.BodyTooLarge, $"{endpoint} sent more than {settings.MaxBodyBytes.ToString(CultureInfo.InvariantCulture)} bytes");

    private static byte[] Grow(byte[] buffer, int length, long size)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)size);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}

/// <summary>Why a scrape gave no observation; the reason is the metric label (<see cref="ScrapeErrors.Reason"/>).</summary>
public enum ScrapeError
{
    Timeout,
    Connection,
    HttpStatus,
    BodyTooLarge,
    MetricMissing,
    InvalidValue,
}

/// <summary>The names scrape errors are counted under.</summary>
public static class ScrapeErrors
{
    public static string Reason(ScrapeError error) => error switch
    {
        ScrapeError.Timeout => "timeout",
        ScrapeError.Connection => "connection",
        ScrapeError.HttpStatus => "http_status",
        ScrapeError.BodyTooLarge => "body_too_large",
        ScrapeError.MetricMissing => "metric_missing",
        ScrapeError.InvalidValue => "invalid_value",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };
}

/// <summary>
/// What one scrape gave: an observation, or an error and what went wrong; and what the parser said about the body
/// (null when no body was read). Bad lines do not fail a scrape that found its metric.
/// </summary>
public sealed record ScrapeResult(ConnectionObservation? Observation, ScrapeError? Error, string? Message, PrometheusParseResult? Parse)
{
    public static ScrapeResult Failed(ScrapeError error, string message, PrometheusParseResult? parse = null) => new(null, error, message, parse);
}
