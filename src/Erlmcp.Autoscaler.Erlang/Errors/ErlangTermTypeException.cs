using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>An accessor (AsLong, AsMap, a map key...) was used on a term of another shape.</summary>
public sealed class ErlangTermTypeException : ErlangDistributionException
{
    public ErlangTermTypeException(string expected, ErlangTerm actual)
        : base($"Expected {expected} but the term is {ErlangTermText.Abbreviate(actual)}.")
    {
        Expected = expected;
        Actual = actual;
    }

    public string Expected { get; }

    public ErlangTerm Actual { get; }
}
