using Erlmcp.Autoscaler.Core.Connections;

namespace Erlmcp.Autoscaler.Server.Connections;

/// <summary>
/// The sum of several pods' values. It is as old as its oldest part, and covers the widest window among them.
/// </summary>
internal readonly record struct ConnectionTotal(long Connections, int Pods, DateTimeOffset Oldest, TimeSpan Window)
{
    public ConnectionTotal Add(ConnectionObservation observation) => Pods == 0
        ? new(observation.Connections, 1, observation.ObservedAt, observation.Window)
        : new(
            Connections + observation.Connections,
            Pods + 1,
            observation.ObservedAt < Oldest ? observation.ObservedAt : Oldest,
            observation.Window > Window ? observation.Window : Window);
}
