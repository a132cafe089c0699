namespace Erlmcp.Autoscaler.Core.Quantities;

/// <summary>A string is not a Kubernetes quantity; the message names the string and what is wrong with it.</summary>
public sealed class QuantityFormatException : FormatException
{
    public QuantityFormatException(string text, string reason)
        : base($"invalid quantity \"{text}\": {reason}")
    {
        Text = text;
        Reason = reason;
    }

    public QuantityFormatException()
        : this("", "not a quantity")
    {
    }

    public QuantityFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Text = "";
        Reason = message;
    }

    /// <summary>The string that failed to parse.</summary>
    public string Text { get; }

    /// <summary>What is wrong, in upstream's words with the offending part added.</summary>
    public string Reason { get; }
}
