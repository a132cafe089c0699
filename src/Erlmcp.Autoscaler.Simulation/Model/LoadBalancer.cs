namespace Erlmcp.Autoscaler.Simulation.Model;

public enum LoadBalancingPolicy
{
    /// <summary>Each new client goes to the serving pod with the fewest connections.</summary>
    LeastConnections,

    /// <summary>Each new client goes to a serving pod drawn at random (a full one refuses it).</summary>
    Random,

    /// <summary>New clients go to the serving pods in turn (a full one refuses its share).</summary>
    RoundRobin,
}

/// <summary>
/// Places a step's new clients on the serving pods as counts, by the load-balancing policy; a pod at its connection
/// limit refuses what it is sent. Scratch arrays are reused from step to step.
/// </summary>
internal sealed class LoadBalancer
{
    private readonly LoadBalancingPolicy _policy;
    private readonly long _limit;
    private readonly SimPod[] _candidates;
    private int _roundRobinCursor;

    public LoadBalancer(LoadBalancingPolicy policy, int ordinals, long limit)
    {
        _policy = policy;
        _limit = limit;
        _candidates = new SimPod[ordinals];
    }

    /// <summary>Places <paramref name="clients"/>; returns how many were refused.</summary>
    public long Place(SimPod[] pods, long clients, SimulationRandom random)
    {
        if (clients <= 0)
        {
            return 0;
        }

        return _policy switch
        {
            LoadBalancingPolicy.LeastConnections => LeastConnections(pods, clients),
            LoadBalancingPolicy.Random => RandomPlacement(pods, clients, random),
            _ => RoundRobin(pods, clients),
        };
    }

    // Water-filling: raise the least loaded pods together, level by level, until the clients are placed or every
    // pod is full. A client is refused only when no pod has room, as with a balancer that sees connection counts.
    private long LeastConnections(SimPod[] pods, long clients)
    {
        var count = 0;
        foreach (var pod in pods)
        {
            if (pod.State.IsServing() && pod.Connections < _limit)
            {
                // Insertion by (connections, ordinal): pods stay nearly sorted from step to step.
                var i = count++;
                while (i > 0 && _candidates[i - 1].Connections > pod.Connections)
                {
                    _candidates[i] = _candidates[i - 1];
                    i--;
                }

                _candidates[i] = pod;
            }
        }

        if (count == 0)
        {
            return clients;
        }

        var remaining = clients;
        var level = _candidates[0].Connections;
        var atLevel = 1;
        long extra = 0;
        while (remaining > 0)
        {
            while (atLevel < count && _candidates[atLevel].Connections <= level)
            {
                atLevel++;
            }

            var next = atLevel < count ? _candidates[atLevel].Connections : _limit;
            if (next == level)
            {
                break;
            }

            var cost = (next - level) * atLevel;
            if (cost <= remaining)
            {
                remaining -= cost;
                level = next;
            }
            else
            {
                level += remaining / atLevel;
                extra = remaining % atLevel;
                remaining = 0;
            }
        }

        for (var i = 0; i < atLevel; i++)
        {
            _candidates[i].Connections = level + (i < extra ? 1 : 0);
        }

        return remaining;
    }

    private long RandomPlacement(SimPod[] pods, long clients, SimulationRandom random)
    {
        var count = Serving(pods);
        if (count == 0)
        {
            return clients;
        }

        long refused = 0;
        var remaining = clients;
        for (var i = 0; i < count && remaining > 0; i++)
        {
            var sent = i == count - 1 ? remaining : random.Binomial(remaining, 1.0 / (count - i));
            remaining -= sent;
            refused += Accept(_candidates[i], sent);
        }

        return refused;
    }

    private long RoundRobin(SimPod[] pods, long clients)
    {
        var count = Serving(pods);
        if (count == 0)
        {
            return clients;
        }

        var each = clients / count;
        var extra = clients % count;
        var start = _roundRobinCursor % count;
        long refused = 0;
        for (var i = 0; i < count; i++)
        {
            var turn = (i - start + count) % count;
            refused += Accept(_candidates[i], each + (turn < extra ? 1 : 0));
        }

        _roundRobinCursor = (int)((start + extra) % count);
        return refused;
    }

    private int Serving(SimPod[] pods)
    {
        var count = 0;
        foreach (var pod in pods)
        {
            if (pod.State.IsServing())
            {
                _candidates[count++] = pod;
            }
        }

        return count;
    }

    // The pod takes what it has room for and refuses the rest.
    private long Accept(SimPod pod, long sent)
    {
        var taken = Math.Min(sent, Math.Max(0, _limit - pod.Connections));
        pod.Connections += taken;
        return sent - taken;
    }
}
