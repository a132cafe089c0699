namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// The replica calculator could not compute a count: upstream returns these as <c>err</c> and the controller turns
/// the message into a condition (ScalingActive=False, FailedGetResourceMetric, ...). Messages are upstream's text.
/// </summary>
public sealed class ReplicaCalculationException : Exception
{
    public ReplicaCalculationException(string message)
        : base(message)
    {
    }

    public ReplicaCalculationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
