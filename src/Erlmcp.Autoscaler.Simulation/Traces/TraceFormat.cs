namespace Erlmcp.Autoscaler.Simulation.Traces;

/// <summary>The trace files the simulator reads; each names its header.</summary>
public enum TraceFormat
{
    /// <summary><c>ts,opened</c>: sessions opened in the interval starting at ts.</summary>
    Opened,

    /// <summary><c>ts,connections</c>: a gauge of open connections.</summary>
    Connections,

    /// <summary><c>ts,pod,connections</c>: per-pod gauges, summed per timestamp.</summary>
    PodConnections,

    /// <summary><c>ts</c> (further columns ignored): one row per request, each the opening of a session.</summary>
    Requests,

    /// <summary><c>period,count</c>: the 1998 World Cup requests per minute, read as sessions opened per minute.</summary>
    WorldCup98,
}

public static class TraceFormats
{
    /// <summary>The names used in scenarios and on the command line.</summary>
    public static readonly IReadOnlyDictionary<string, TraceFormat> ByName = new Dictionary<string, TraceFormat>(StringComparer.Ordinal)
    {
        ["opened"] = TraceFormat.Opened,
        ["connections"] = TraceFormat.Connections,
        ["pod-connections"] = TraceFormat.PodConnections,
        ["requests"] = TraceFormat.Requests,
        ["worldcup98"] = TraceFormat.WorldCup98,
    };

    public static string[] Header(TraceFormat format) => format switch
    {
        TraceFormat.Opened => ["ts", "opened"],
        TraceFormat.Connections => ["ts", "connections"],
        TraceFormat.PodConnections => ["ts", "pod", "connections"],
        TraceFormat.Requests => ["ts"],
        _ => ["period", "count"],
    };
}
