using CsCheck;
using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

/// <summary>
/// Properties of the planner driving a <see cref="SimulatedCluster"/> through random desired-replica sequences,
/// loads and settings: pods leave empty (or forced past their deadline), shed clients always find room, the plan
/// settles at the desired size once the wish stops changing, and no client is lost except by Force.
/// </summary>
public sealed class ScalePlannerProperties
{
    private static readonly Gen<DeadlinePolicy> Policy = Gen.Enum<DeadlinePolicy>();

    private static readonly Gen<ClusterSpec> Settings =
        from limit in Gen.Long[100, 2_000]
        from health in Gen.Int[0, 10]
        from drainRate in Gen.Int[2, 300]
        from deadline in Gen.Int[5, 120]
        from policy in Policy
        from remainder in Gen.Long[0, 3]
        from absolute in Gen.Long[1, 200]
        from relative in Gen.Double[1.0, 1.5]
        from rebalanceRate in Gen.Int[5, 300]
        from cooldown in Gen.Int[0, 60]
        from seeds in Gen.OneOf<int[]>([0], [0, 1], [], [2])
        from lag in Gen.Int[0, 3]
        from slack in Gen.Int[2, 10]
        from retry in Gen.Int[1, 5]
        select new ClusterSpec
        {
            DesiredReplicas = 1,
            ConnectionLimit = limit,
            ConnectionTarget = limit * 4 / 5,
            StalenessBound = TimeSpan.FromSeconds(lag + slack),
            Drain = new DrainSettings
            {
                HealthCheckWait = TimeSpan.FromSeconds(health),
                ShedRatePerSecond = drainRate,
                Deadline = TimeSpan.FromSeconds(deadline),
                DeadlinePolicy = policy,
                AllowedRemainder = remainder,
            },
            Rebalance = new RebalanceSettings
            {
                AbsoluteThreshold = absolute,
                RelativeThreshold = relative,
                ShedRatePerSecond = rebalanceRate,
                Cooldown = TimeSpan.FromSeconds(cooldown),
            },
            Join = new JoinSettings { SeedOrdinals = seeds, Timeout = TimeSpan.FromMinutes(2) },
            Retry = new RetrySettings { Initial = TimeSpan.FromSeconds(retry), Max = TimeSpan.FromSeconds(30) },
        };

    /// <summary>A fault during the desired-count changes: a node stops answering, a pod is lost, or a count stops being refreshed.</summary>
    private static readonly Gen<Fault> Faults =
        from at in Gen.Int[0, 200]
        from pod in Gen.Int[0, 7]
        from kind in Gen.Enum<FaultKind>()
        from seconds in Gen.Int[1, 60]
        select new Fault(at, pod, kind, seconds);

    /// <summary>A cluster, its load, and a sequence of desired counts each held for some seconds; the load fits the last count.</summary>
    private static readonly Gen<Scenario> Scenarios =
        from spec in Settings
        from initial in Gen.Int[1, 6]
        from changes in Gen.Select(Gen.Int[1, 8], Gen.Int[1, 60]).Array[1, 5]
        from fill in Gen.Double[0, 1]
        from weights in Gen.Double[0.05, 1].Array[initial]
        from lag in Gen.Int[0, 3]
        from nodeLag in Gen.Int[0, 2]
        from startup in Gen.Int[1, 20]
        from faults in Faults.Array[0, 3]
        select new Scenario(
            spec,
            Spread((long)(fill * Math.Min(initial, changes[^1].Item1) * spec.ConnectionLimit), weights, spec.ConnectionLimit),
            changes,
            TimeSpan.FromSeconds(Math.Min(lag, spec.StalenessBound.TotalSeconds - 1)),
            TimeSpan.FromSeconds(Math.Min(nodeLag, spec.StalenessBound.TotalSeconds - 1)),
            TimeSpan.FromSeconds(startup),
            faults);

    [Fact]
    public void A_pod_leaves_the_StatefulSet_empty_unless_forced_past_its_deadline() => Scenarios.Sample(
        scenario =>
        {
            var run = scenario.Play();
            Assert.Empty(run.UnsafeRemovals);
        },
        iter: 200,
        print: s => s.ToString());

    [Fact]
    public void Shedding_never_pushes_a_staying_pod_past_its_limit() => Scenarios.Sample(
        scenario =>
        {
            var run = scenario.Play();
            // A lost pod's clients take room a running shed was counting on: no planner can foresee that.
            if (!scenario.Faults.Any(f => f.Kind == FaultKind.PodLost))
            {
                Assert.Equal(0, run.Cluster.Refused);
            }

            Assert.All(run.Cluster.Pods.Values, p => Assert.InRange(p.Connections, 0, scenario.Spec.ConnectionLimit));
        },
        iter: 200,
        print: s => s.ToString());

    [Fact]
    public void The_plan_settles_at_the_desired_size_once_the_wish_stops_changing() => Scenarios.Sample(
        scenario =>
        {
            var run = scenario.Play();
            var final = run.Steps[^1].NewPlan;
            Assert.True(scenario.Settled, $"not steady within {scenario.Bound} s: phase {final.Phase}, replicas {run.Cluster.Replicas}");
            Assert.Equal(scenario.Changes[^1].Desired, run.Cluster.Replicas);
            Assert.Equal(PlanPhase.Steady, final.Phase);
            Assert.Empty(final.Pods);
            Assert.Empty(final.Issued);
        },
        iter: 200,
        print: s => s.ToString());

    [Fact]
    public void No_client_is_lost_except_by_force() => Scenarios.Sample(
        scenario =>
        {
            var run = scenario.Play();
            var cluster = run.Cluster;
            var cut = cluster.Removals.Sum(r => r.Connections);
            var allowed = cluster.Removals.Count * scenario.Spec.Drain.AllowedRemainder;
            Assert.Equal(cluster.InitialClients, cluster.ConnectedClients + cluster.Refused + cluster.RefusedAfterCut);
            Assert.InRange(cut, 0, run.ForcedOff + allowed);
            if (run.ForcedOff == 0 && !scenario.Faults.Any(f => f.Kind == FaultKind.PodLost))
            {
                Assert.Equal(0, cluster.RefusedAfterCut);
            }
        },
        iter: 200,
        print: s => s.ToString());

    /// <summary>Splits the clients over the pods by weight, none above the limit.</summary>
    private static long[] Spread(long total, double[] weights, long limit)
    {
        var sum = weights.Sum();
        var counts = weights.Select(w => Math.Min(limit, (long)(total * w / sum))).ToArray();
        var left = total - counts.Sum();
        for (var i = 0; left > 0 && i < counts.Length; i++)
        {
            var add = Math.Min(left, limit - counts[i]);
            counts[i] += add;
            left -= add;
        }

        return counts;
    }

    internal enum FaultKind
    {
        NodeSilent,
        PodLost,
        CountFrozen,
    }

    internal sealed record Fault(int AtSecond, int Pod, FaultKind Kind, int Seconds)
    {
        public void Begin(SimulatedCluster cluster)
        {
            if (!cluster.Pods.ContainsKey(Pod))
            {
                return;
            }

            switch (Kind)
            {
                case FaultKind.NodeSilent:
                    cluster.Silent.Add(Pod);
                    break;
                case FaultKind.PodLost:
                    cluster.Delete(Pod);
                    break;
                default:
                    cluster.FreezeCount(Pod);
                    break;
            }
        }

        public void End(SimulatedCluster cluster)
        {
            cluster.Silent.Remove(Pod);
            if (cluster.Pods.ContainsKey(Pod))
            {
                cluster.ThawCount(Pod);
            }
        }
    }

    /// <summary>Faults begin and end while the desired count changes; the cluster is sound when the plan must settle.</summary>
    internal sealed record Scenario(
        ClusterSpec Spec, long[] Initial, (int Desired, int HoldSeconds)[] Changes, TimeSpan CountLag, TimeSpan NodeLag, TimeSpan Startup, Fault[] Faults)
    {
        public bool Settled { get; private set; }

        /// <summary>
        /// Seconds the plan may take to settle after the last change: every pod may need its health-check wait and
        /// a full pod's shed (twice: once for a rebalance), plus pod start-up, join, retries and a rebalance cooldown.
        /// </summary>
        public int Bound
        {
            get
            {
                var pods = Math.Max(Initial.Length, Changes.Max(c => c.Desired));
                var drain = Spec.Drain.HealthCheckWait.TotalSeconds + (Spec.ConnectionLimit / (double)Spec.Drain.ShedRatePerSecond) + 10;
                var rebalance = Spec.Rebalance.Cooldown.TotalSeconds + (Spec.ConnectionLimit / (double)Spec.Rebalance.ShedRatePerSecond) + 10;
                return (int)((pods * drain) + (3 * rebalance) + Startup.TotalSeconds + 120);
            }
        }

        public PlannerRun Play()
        {
            var cluster = new SimulatedCluster(Given.T0, Spec.ConnectionLimit, Initial) { CountLag = CountLag, NodeLag = NodeLag, StartupDelay = Startup };
            var run = new PlannerRun(Spec, cluster);
            var elapsed = 0;
            foreach (var (desired, hold) in Changes)
            {
                run.Spec = Spec with { DesiredReplicas = desired };
                for (var second = 0; second < hold; second++, elapsed++)
                {
                    Faults.Where(f => f.AtSecond == elapsed).ToList().ForEach(f => f.Begin(cluster));
                    Faults.Where(f => f.AtSecond + f.Seconds == elapsed).ToList().ForEach(f => f.End(cluster));
                    run.Tick();
                }
            }

            Faults.ToList().ForEach(f => f.End(cluster));
            Settled = run.RunUntilSteady(Bound);
            return run;
        }

        public override string ToString() =>
            $"initial [{string.Join(", ", Initial)}], desired {string.Join(" -> ", Changes.Select(c => $"{c.Desired} ({c.HoldSeconds}s)"))}, "
            + $"lag {CountLag.TotalSeconds}s (nodes {NodeLag.TotalSeconds}s), startup {Startup.TotalSeconds}s, limit {Spec.ConnectionLimit}, "
            + $"faults [{string.Join(", ", Faults.Select(f => f.ToString()))}], drain {Spec.Drain}, rebalance {Spec.Rebalance}, seeds [{string.Join(", ", Spec.Join.SeedOrdinals)}], staleness {Spec.StalenessBound}, retry {Spec.Retry}";
    }
}
