using System.CommandLine;
using Erlmcp.Autoscaler.Simulation.Manifests;
using Erlmcp.Autoscaler.Simulation.Traces;

namespace Erlmcp.Autoscaler.Cli;

/// <summary><c>trace import</c>: converts recorded load into the simulator's <c>ts,opened</c> trace format.</summary>
internal static class TraceCommand
{
    private static readonly Dictionary<string, TraceFormat> Sources = new(StringComparer.Ordinal)
    {
        ["worldcup98"] = TraceFormat.WorldCup98,
        ["requests"] = TraceFormat.Requests,
        ["opened"] = TraceFormat.Opened,
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var trace = new Command("trace", "Work with load traces for the simulator.");
        trace.Subcommands.Add(CreateImport(output, error));
        return trace;
    }

    private static Command CreateImport(TextWriter output, TextWriter error)
    {
        var from = new Option<string>("--from")
        {
            Description = "The input's format: worldcup98 (header period,count: the 1998 World Cup requests per minute, each request read as a session opened), requests (header ts: one row per request, counted per --bin), opened (header ts,opened: rescaled).",
            Required = true,
        };
        from.AcceptOnlyFromAmong([.. Sources.Keys]);
        var input = new Option<FileInfo>("--in")
        {
            Description = "The file to convert.",
            Required = true,
        };
        var outFile = new Option<FileInfo>("--out")
        {
            Description = "The ts,opened trace to write (RFC 3339 timestamps, one row per interval, gaps written as 0).",
            Required = true,
        };
        var scale = new Option<double>("--scale")
        {
            Description = "Multiplies every count (sessions per request); the rounding keeps the running total.",
            DefaultValueFactory = _ => 1.0,
        };
        var bin = new Option<string>("--bin")
        {
            Description = "For --from requests: the interval requests are counted in.",
            DefaultValueFactory = _ => "1m",
        };
        var import = new Command("import", "Convert a recorded trace into the simulator's ts,opened format (new sessions per interval); bad rows are reported with file and line, gaps as warnings.")
        {
            from, input, outFile, scale, bin,
        };
        import.SetAction(parse =>
        {
            var factor = parse.GetValue(scale);
            if (!(factor > 0) || !double.IsFinite(factor))
            {
                throw new InputException($"--scale: must be greater than 0, got {factor}");
            }

            var binText = parse.GetValue(bin)!;
            if (!GoDuration.TryParse(binText, out var binLength) || binLength < TimeSpan.FromMilliseconds(1))
            {
                throw new InputException($"--bin: \"{binText}\" is not a duration of at least 1ms (for example 1s, 1m)");
            }

            var inputPath = parse.GetValue(input)!.FullName;
            var read = TraceReader.ReadFile(inputPath, Sources[parse.GetValue(from)!], requestBinMs: (long)binLength.TotalMilliseconds);
            foreach (var warning in read.Warnings)
            {
                error.WriteLine($"warning: {warning}");
            }

            var opened = (OpenedTrace)read.Trace.Scaled(factor);
            var outPath = parse.GetValue(outFile)!.FullName;
            using (var writer = new StreamWriter(outPath, append: false, new System.Text.UTF8Encoding(false)))
            {
                var sessions = OpenedTraceWriter.Write(opened, writer);
                output.WriteLine($"wrote {outPath}: {opened.Opened.Length} rows of {GoDuration.Format(TimeSpan.FromMilliseconds(opened.IntervalMs))} from {TraceTimestamp.Format(opened.StartMs)}, {sessions} sessions opened");
            }

            return 0;
        });
        return import;
    }
}
