namespace Erlmcp.Autoscaler.Server;

/// <summary>The metrics API cannot start with its configuration; the message names each bad setting.</summary>
public sealed class MetricsApiConfigurationException : Exception
{
    public MetricsApiConfigurationException(string message)
        : base(message)
    {
    }

    public MetricsApiConfigurationException()
        : this("the metrics API configuration is invalid")
    {
    }

    public MetricsApiConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
