namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>Options failed validation; <see cref="Errors"/> lists every problem, each naming its property.</summary>
public sealed class ErlangOptionsException : ErlangDistributionException
{
    public ErlangOptionsException(string optionsType, IReadOnlyList<string> errors)
        : base($"Invalid {optionsType}: {string.Join("; ", errors)}")
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}
