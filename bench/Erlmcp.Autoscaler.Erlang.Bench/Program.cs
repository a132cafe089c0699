using System.Globalization;
using Erlmcp.Autoscaler.Erlang.Bench;
using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Handshake;

// Usage: Erlmcp.Autoscaler.Erlang.Bench NODE COOKIE_FILE SECONDS IN_FLIGHT...
// Prints one line per IN_FLIGHT value:
//   dotnet in_flight=N calls=C seconds=S calls_per_s=R p50_us=P p99_us=Q cpu_us_per_call=U alloc_bytes_per_call=B
// (CPU time and allocations of the whole process, per call).
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: Erlmcp.Autoscaler.Erlang.Bench NODE COOKIE_FILE SECONDS IN_FLIGHT...");
    return 2;
}

var node = args[0];
var seconds = ParsePositive(args[2], "SECONDS");
var inFlights = args[3..].Select(a => ParsePositive(a, "IN_FLIGHT")).ToArray();

await using var pool = new ErlangConnectionPool(new ErlangNodeOptions { Cookie = ErlangCookie.FromFile(args[1]) });
var client = pool.GetClient(node);

// Connect, and let the JIT settle both paths before anything is measured.
foreach (var inFlight in inFlights)
{
    await RoundTripBenchmark.RunAsync(client, inFlight, TimeSpan.FromSeconds(1));
}

foreach (var inFlight in inFlights)
{
    var result = await RoundTripBenchmark.RunAsync(client, inFlight, TimeSpan.FromSeconds(seconds));
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"dotnet in_flight={result.InFlight} calls={result.Calls} seconds={result.Elapsed.TotalSeconds:F3} calls_per_s={result.CallsPerSecond:F0} p50_us={result.PercentileMicroseconds(0.50):F0} p99_us={result.PercentileMicroseconds(0.99):F0} cpu_us_per_call={result.ProcessorMicrosecondsPerCall:F1} alloc_bytes_per_call={result.AllocatedBytesPerCall:F0}"));
}

return 0;

static int ParsePositive(string text, string name) =>
    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : throw new ArgumentException($"{name} must be a positive integer, not '{text}'.");
