using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Coordinator;
using Microsoft.Extensions.Time.Testing;

namespace Erlmcp.Autoscaler.Server.Tests.Coordinator.Fakes;

/// <summary>
/// A cluster in memory (<see cref="InMemoryClusterResources"/>, <see cref="FakeAgents"/>), a fake clock, and a
/// coordinator over them, stepped one second at a time.
/// </summary>
public sealed class CoordinatorScenario
{
    public static readonly ClusterSpec DefaultSpec = new()
    {
        DesiredReplicas = 4,
        MinReplicas = 1,
        MaxReplicas = 10,
        StatefulSetName = "erlmcp",
        Drain = new DrainSettings { HealthCheckWait = TimeSpan.FromSeconds(5), ShedRatePerSecond = 1_000, Deadline = TimeSpan.FromMinutes(10) },
        Rebalance = new RebalanceSettings { AbsoluteThreshold = 1_000, RelativeThreshold = 1.1, ShedRatePerSecond = 1_000, Cooldown = TimeSpan.FromSeconds(30) },
        Join = new JoinSettings { SeedOrdinals = [0], Timeout = TimeSpan.FromMinutes(5) },
    };

    public CoordinatorScenario(string clusterName, int replicas, long connectionsPerPod, ClusterSpec? spec = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.Zero));
        Journal = new CallJournal(Time);
        Agents = new FakeAgents(Time, Journal);
        Resources = new InMemoryClusterResources(clusterName, (spec ?? DefaultSpec) with { DesiredReplicas = replicas }, Agents, Journal);
        Resources.StartSteady(replicas, connectionsPerPod);
        Coordinator = NewCoordinator();
    }

    public FakeTimeProvider Time { get; }

    public CallJournal Journal { get; }

    public FakeAgents Agents { get; }

    public InMemoryClusterResources Resources { get; }

    public ClusterCoordinator Coordinator { get; set; }

    /// <summary>A coordinator over the same cluster, as a new leader would start.</summary>
    public ClusterCoordinator NewCoordinator() =>
        new(InMemoryClusterResources.Namespace, Resources.ClusterName, Resources, Agents, Time);

    /// <summary>One second later, one step.</summary>
    public async Task<CoordinatorStepResult> StepAsync()
    {
        Time.Advance(TimeSpan.FromSeconds(1));
        return await Coordinator.StepOnceAsync(CancellationToken.None) ?? throw new InvalidOperationException("the cluster is gone");
    }

    /// <summary>Steps until <paramref name="done"/> holds after a step; fails after <paramref name="maxSteps"/>.</summary>
    public async Task<CoordinatorStepResult> StepUntilAsync(Func<CoordinatorStepResult, bool> done, int maxSteps = 600)
    {
        for (var i = 0; i < maxSteps; i++)
        {
            var result = await StepAsync();
            if (done(result))
            {
                return result;
            }
        }

        throw new TimeoutException($"not done after {maxSteps} steps; plan: {Coordinator.Plan}");
    }

    /// <summary>Steps until a step ends Steady with nothing to do and the StatefulSet at the wanted size.</summary>
    public Task<CoordinatorStepResult> StepUntilSteadyAsync(int maxSteps = 600) =>
        StepUntilAsync(r => r.Step.NewPlan.Phase == PlanPhase.Steady && r.Step.Actions.All(a => a is ReportCondition or ReportEvent) && Resources.Replicas == r.Step.NewPlan.Target, maxSteps);
}
