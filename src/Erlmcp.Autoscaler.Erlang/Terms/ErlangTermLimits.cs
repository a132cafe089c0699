namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>Bounds on what the decoder accepts, so that hostile or broken input cannot exhaust memory or stack.</summary>
public sealed record ErlangTermLimits
{
    public static readonly ErlangTermLimits Default = new();

    /// <summary>The largest encoded term, and the largest size a compressed term may expand to. Default 64 MiB.</summary>
    public int MaxTermBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>How deeply tuples, lists, maps and funs may nest. Default 512.</summary>
    public int MaxDepth { get; init; } = 512;

    /// <summary>The problems with these limits, each naming its property; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxTermBytes < 16)
        {
            errors.Add($"{nameof(MaxTermBytes)} must be at least 16 (was {MaxTermBytes})");
        }

        if (MaxDepth is < 1 or > 10_000)
        {
            errors.Add($"{nameof(MaxDepth)} must be between 1 and 10000 (was {MaxDepth})");
        }

        return errors;
    }
}
