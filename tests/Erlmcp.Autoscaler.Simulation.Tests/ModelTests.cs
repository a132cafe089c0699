using Erlmcp.Autoscaler.Simulation.Model;
using Erlmcp.Autoscaler.Simulation.Strategies;

namespace Erlmcp.Autoscaler.Simulation.Tests;

public class ModelTests
{
    private static readonly PodTemplate Template = new("erlmcp", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), 100, 2000, 4_000_000);

    [Fact]
    public void Least_connections_fills_the_emptiest_pods_first_and_levels_them()
    {
        var cluster = Serving(4, 50, 10, 30, 10);
        var refused = new LoadBalancer(LoadBalancingPolicy.LeastConnections, 4, 100).Place(cluster.PodArray, 45, new SimulationRandom(1));
        Assert.Equal(0, refused);

        // Ordinals 1 and 3 rise from 10 to 30 (40 clients), then the three at 30 share 5; the odd ones go to the pods
        // that were emptiest (ordinals 1 and 3, in ordinal order among equals).
        Assert.Equal([50L, 32, 31, 32], Connections(cluster));
    }

    [Fact]
    public void Least_connections_refuses_only_what_no_pod_has_room_for()
    {
        var cluster = Serving(3, 90, 100, 95);
        var refused = new LoadBalancer(LoadBalancingPolicy.LeastConnections, 3, 100).Place(cluster.PodArray, 20, new SimulationRandom(1));
        Assert.Equal(5, refused);
        Assert.Equal([100L, 100, 100], Connections(cluster));
    }

    [Fact]
    public void Pods_that_do_not_serve_get_no_clients()
    {
        var cluster = Serving(3, 0, 0);
        cluster.Create(2, 0);
        var refused = new LoadBalancer(LoadBalancingPolicy.LeastConnections, 3, 100).Place(cluster.PodArray, 11, new SimulationRandom(1));
        Assert.Equal(0, refused);
        Assert.Equal([6L, 5, 0], Connections(cluster));
        Assert.Equal(11, new LoadBalancer(LoadBalancingPolicy.RoundRobin, 3, 100).Place(Serving(2).PodArray, 11, new SimulationRandom(1)));
    }

    [Fact]
    public void Round_robin_rotates_the_remainder()
    {
        var cluster = Serving(3, 0, 0, 0);
        var balancer = new LoadBalancer(LoadBalancingPolicy.RoundRobin, 3, 100);
        balancer.Place(cluster.PodArray, 4, new SimulationRandom(1));
        Assert.Equal([2L, 1, 1], Connections(cluster));
        balancer.Place(cluster.PodArray, 4, new SimulationRandom(1));
        Assert.Equal([3L, 3, 2], Connections(cluster));
    }

    [Fact]
    public void Random_placement_sends_clients_to_full_pods_which_refuse_them()
    {
        var cluster = Serving(2, 100, 0);
        var refused = new LoadBalancer(LoadBalancingPolicy.Random, 2, 100).Place(cluster.PodArray, 60, new SimulationRandom(7));
        var placed = cluster.Pods[1].Connections;
        Assert.Equal(60, placed + refused);
        Assert.InRange(refused, 15, 45);
        Assert.Equal(100, cluster.Pods[0].Connections);
    }

    [Fact]
    public void The_same_seed_gives_the_same_draws()
    {
        var a = new SimulationRandom(42);
        var b = new SimulationRandom(42);
        var c = new SimulationRandom(43);
        var drawsA = Enumerable.Range(0, 100).Select(_ => a.Binomial(20_000, 0.0005)).ToList();
        var drawsB = Enumerable.Range(0, 100).Select(_ => b.Binomial(20_000, 0.0005)).ToList();
        var drawsC = Enumerable.Range(0, 100).Select(_ => c.Binomial(20_000, 0.0005)).ToList();
        Assert.Equal(drawsA, drawsB);
        Assert.NotEqual(drawsA, drawsC);
    }

    [Theory]
    [InlineData(20_000, 0.0005)]
    [InlineData(500_000, 0.0005)]
    [InlineData(10, 0.9)]
    public void Binomial_draws_have_the_binomial_mean_and_variance(long trials, double probability)
    {
        var random = new SimulationRandom(3);
        var draws = Enumerable.Range(0, 20_000).Select(_ => (double)random.Binomial(trials, probability)).ToList();
        var mean = draws.Average();
        var variance = draws.Sum(d => (d - mean) * (d - mean)) / (draws.Count - 1);
        var expectedMean = trials * probability;
        var expectedVariance = expectedMean * (1 - probability);

        // Four standard errors of the mean, and 5% on the variance, over 20,000 draws.
        Assert.InRange(mean, expectedMean - 4 * Math.Sqrt(expectedVariance / draws.Count), expectedMean + 4 * Math.Sqrt(expectedVariance / draws.Count));
        Assert.InRange(variance, expectedVariance * 0.95, expectedVariance * 1.05);
        Assert.All(draws, d => Assert.InRange(d, 0, trials));
    }

    [Fact]
    public void Tabulated_chances_give_the_same_draws_as_plain_ones()
    {
        var chance = new RepeatedChance(0.0005, 25_000);
        var plain = new SimulationRandom(9);
        var tabulated = new SimulationRandom(9);
        foreach (var trials in new long[] { 0, 1, 100, 20_000, 25_000, 30_000, 60_000 })
        {
            Assert.Equal(plain.Binomial(trials, 0.0005), tabulated.Binomial(trials, chance));
        }
    }

    [Fact]
    public void Baseline_creates_missing_ordinals_and_deletes_the_highest_at_once()
    {
        var cluster = Serving(6, 10, 20, 30, 40, 50, 60);
        var strategy = new BaselineStrategy();
        Assert.Equal(6, strategy.StatusReplicas(cluster));
        Assert.Empty(strategy.Step(6, cluster, 0));

        var down = strategy.Step(4, cluster, 0);
        Assert.Equal([(ScalingActionKind.DeletePod, 5), (ScalingActionKind.DeletePod, 4)], down.Select(a => (a.Kind, a.Ordinal)));
        Assert.Equal("StatefulSet replicas 4: ordinal 5 deleted with its 60 clients", down[0].Reason);

        var up = strategy.Step(8, Serving(8, 1, 1, 1, 1, 1, 1), 0);
        Assert.Equal([(ScalingActionKind.CreatePod, 6), (ScalingActionKind.CreatePod, 7)], up.Select(a => (a.Kind, a.Ordinal)));
    }

    [Fact]
    public void Pods_start_and_become_ready_after_their_delays()
    {
        var cluster = new SimCluster(Template, 2, 0);
        cluster.Create(1, 5_000);
        Assert.Equal(PodState.Scheduled, cluster.Pods[1].State);
        Assert.False(cluster.Advance(4_000));
        cluster.Advance(15_000);
        Assert.Equal(PodState.Starting, cluster.Pods[1].State);
        Assert.Equal(15_000, cluster.Pods[1].StartedMs);
        cluster.Advance(34_999);
        Assert.Equal(PodState.Starting, cluster.Pods[1].State);
        cluster.Advance(35_000);
        Assert.Equal(PodState.Ready, cluster.Pods[1].State);
        Assert.Equal(1, cluster.Serving);
        Assert.Equal(1, cluster.Existing);
        Assert.Equal(1, cluster.Count(PodState.Gone));

        cluster.Pods[1].Connections = 42;
        Assert.Equal(42, cluster.Delete(1, 40_000));
        Assert.Equal(PodState.Gone, cluster.Pods[1].State);
        Assert.Equal(0, cluster.Existing);
    }

    [Fact]
    public void Retries_back_off_and_spread_over_their_jitter()
    {
        var policy = new ReconnectPolicy(TimeSpan.FromSeconds(2), 2, TimeSpan.FromSeconds(8), 0.5);
        Assert.Equal(3, policy.Levels);
        Assert.Equal(TimeSpan.FromSeconds(8), policy.Delay(5));
        var queue = new RetryQueue(policy, 1000);
        var sessions = new SessionEndings(new SessionLength(SessionLengthModel.Fixed, TimeSpan.FromHours(1)), 1000, 100);
        Assert.Equal(0, queue.Schedule(1, 30, 0, sessions, new SimulationRandom(1)));
        Assert.Equal(30, queue.Waiting);

        // Level 1 waits 4 s ± 50%: steps 2 to 6, 6 clients each.
        var due = Enumerable.Range(0, 8).Select(step => queue.TakeDue(1, step)).ToList();
        Assert.Equal([0L, 0, 6, 6, 6, 6, 6, 0], due);
        Assert.Equal(0, queue.Waiting);
    }

    private static SimCluster Serving(int ordinals, params long[] connections)
    {
        var cluster = new SimCluster(Template, ordinals, 0);
        for (var i = 0; i < connections.Length; i++)
        {
            cluster.AddServing(i, 0);
            cluster.Pods[i].Connections = connections[i];
        }

        return cluster;
    }

    private static long[] Connections(SimCluster cluster) => [.. cluster.Pods.Select(p => p.Connections)];
}
