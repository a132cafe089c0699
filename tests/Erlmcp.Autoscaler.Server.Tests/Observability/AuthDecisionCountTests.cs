using System.Globalization;
using System.Text.RegularExpressions;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Server.Tests.Observability;

/// <summary>Counts are process-wide (one Meter): this collection runs alone, so that the differences are exact.</summary>
[CollectionDefinition(nameof(AuthDecisionCountTests), DisableParallelization = true)]
public sealed class AuthDecisionCountsRunAlone;

/// <summary>The security middleware counts each decision by how the caller was identified.</summary>
[Collection(nameof(AuthDecisionCountTests))]
public sealed partial class AuthDecisionCountTests
{
    private const string Path = "/apis/custom.metrics.k8s.io/v1beta2";

    [Fact]
    public async Task Allowed_forbidden_and_unauthorized_requests_are_counted_by_method()
    {
        var metricsPort = FreePort.Next();
        await using var server = await RunningServer.StartAsync(_ => new Dictionary<string, string?> { ["Observability:MetricsPort"] = metricsPort.ToString(CultureInfo.InvariantCulture) });
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        var before = await CountsAsync(scraper);

        using (var alice = server.AliceClient())
        {
            (await alice.GetAsync(new Uri(Path, UriKind.Relative))).Dispose();
            (await alice.GetAsync(new Uri(Path, UriKind.Relative))).Dispose();
        }

        using (var anonymous = server.Client())
        {
            (await anonymous.GetAsync(new Uri(Path, UriKind.Relative))).Dispose();
        }

        var after = await CountsAsync(scraper);
        Assert.Equal(2, Difference(before, after, "allowed", "x509"));
        Assert.Equal(1, Difference(before, after, "unauthorized", "none"));
        Assert.Equal(0, Difference(before, after, "forbidden", "x509"));
    }

    private static long Difference(Dictionary<(string, string), long> before, Dictionary<(string, string), long> after, string decision, string method) =>
        after.GetValueOrDefault((decision, method)) - before.GetValueOrDefault((decision, method));

    private static async Task<Dictionary<(string Decision, string Method), long>> CountsAsync(HttpClient scraper)
    {
        var text = await scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return SeriesLine().Matches(text).ToDictionary(
            match => (match.Groups["decision"].Value, match.Groups["method"].Value),
            match => long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("""^erlmcp_autoscaler_auth_decisions_total\{decision="(?<decision>[^"]+)",method="(?<method>[^"]+)"\} (?<value>\d+)$""", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();
}
