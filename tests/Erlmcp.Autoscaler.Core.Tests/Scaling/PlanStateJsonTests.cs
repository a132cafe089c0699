using System.Text.Json;
using Erlmcp.Autoscaler.Core.Scaling;
using static Erlmcp.Autoscaler.Core.Tests.Scaling.Given;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

/// <summary>The plan as status.plan: plain JSON that a new leader resumes from.</summary>
public sealed class PlanStateJsonTests
{
    private static readonly PlanState Populated = new()
    {
        Phase = PlanPhase.ScalingDown,
        Target = 3,
        FromReplicas = 5,
        PhaseSince = T0,
        Pods =
        [
            new PodProgress { Ordinal = 3, Stage = PodStage.Shedding, Drain = new DrainProgress(T0, T0.AddSeconds(6), T0.AddSeconds(20), T0.AddMinutes(10).AddSeconds(20), false) },
            new PodProgress
            {
                Ordinal = 4,
                Stage = PodStage.Removable,
                Join = new JoinProgress(null, null, false),
                Drain = new DrainProgress(T0, null, null, null, true),
            },
        ],
        Issued = [new IssuedAction(ActionKind.LeaveCluster, 4, T0.AddSeconds(19), 2, true)],
        UnseenCalls = [new NodeCall(3, T0.AddSeconds(20))],
        StatefulSetChange = new ReplicasChange(4, T0.AddSeconds(20), 1),
        Sheds = [new ShedActivity(3, ShedPurpose.Drain, 6_000, 500, T0.AddSeconds(6), null)],
        Removed = [new RemovedPod(5, 3, T0.AddSeconds(2))],
        LastRebalanceAt = T0.AddMinutes(-30),
        Rollback = new RollbackRecord(5, 6, 5, T0.AddMinutes(5)),
        Conditions = [new PlanCondition("Progressing", true, "ScalingDown", "scaling down from 5 to 3 replicas", T0)],
    };

    [Fact]
    public void A_plan_is_written_with_camelCase_names_enum_names_and_ISO_times()
    {
        using var json = JsonDocument.Parse(PlanStateJson.Serialize(Populated));
        var root = json.RootElement;

        Assert.Equal("ScalingDown", root.GetProperty("phase").GetString());
        Assert.Equal(3, root.GetProperty("target").GetInt32());
        Assert.Equal("2025-03-01T12:00:00+00:00", root.GetProperty("phaseSince").GetString());
        Assert.Equal("Shedding", root.GetProperty("pods")[0].GetProperty("stage").GetString());
        Assert.Equal("2025-03-01T12:00:06+00:00", root.GetProperty("pods")[0].GetProperty("drain").GetProperty("stoppedAcceptingAt").GetString());
        Assert.Equal("LeaveCluster", root.GetProperty("issued")[0].GetProperty("kind").GetString());
        Assert.Equal("Drain", root.GetProperty("sheds")[0].GetProperty("purpose").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("sheds")[0].GetProperty("endedAt").ValueKind);
    }

    [Fact]
    public void A_plan_read_back_is_written_identically()
    {
        var json = PlanStateJson.Serialize(Populated);

        var read = PlanStateJson.Deserialize(json);

        Assert.Equal(json, PlanStateJson.Serialize(read));
        Assert.Equal(Populated.Pods, read.Pods);
        Assert.Equal(Populated.Sheds, read.Sheds);
        Assert.Equal(Populated.Rollback, read.Rollback);
    }

    [Fact]
    public void A_malformed_plan_fails_naming_where()
    {
        var error = Assert.Throws<JsonException>(() => PlanStateJson.Deserialize("""{"phase":"Sideways","target":3,"fromReplicas":3,"phaseSince":"2025-03-01T12:00:00Z"}"""));

        Assert.Contains("$.phase", error.Message);
    }

    [Fact]
    public void A_plan_missing_a_required_field_fails_naming_it()
    {
        var error = Assert.Throws<JsonException>(() => PlanStateJson.Deserialize("""{"phase":"Steady","fromReplicas":3,"phaseSince":"2025-03-01T12:00:00Z"}"""));

        Assert.Contains("target", error.Message);
    }

    [Fact]
    public void A_new_leader_resumes_a_drain_from_the_persisted_plan_without_repeating_what_is_in_flight()
    {
        var run = Run(Spec(2), 10_000, 10_000, 10_000, 10_000);
        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(10), 20));
        var persisted = PlanStateJson.Serialize(run.Plan!);
        var appliedBefore = run.Cluster.Applied.Count;

        // The old leader is gone; the new one reads status.plan and carries on with the same cluster.
        var successor = new PlannerRun(Spec(2), run.Cluster) { Plan = PlanStateJson.Deserialize(persisted) };
        var first = successor.Tick();

        Assert.Empty(first.Actions);
        Assert.Contains("shedding erlmcp-3: 8000 connections left", first.Explanations.Select(d => d.Reason));
        Assert.True(successor.RunUntilSteady(200));
        var resumed = run.Cluster.Applied.Skip(appliedBefore).Select(a => a.Action).Where(a => a is not ReportCondition).ToList();
        Assert.Equal(
            [
                new LeaveCluster(3),
                new Shed(2, 10_000, 500, "drain: scale-down to 2 replicas"),
                new SetStatefulSetReplicas(3),
                new LeaveCluster(2),
                new SetStatefulSetReplicas(2),
            ],
            resumed);
        Assert.All(run.Cluster.Removals, r => Assert.Equal(0, r.Connections));
    }

    [Fact]
    public void A_leader_without_any_plan_adopts_the_drain_it_finds_without_repeating_it()
    {
        var run = Run(Spec(2), 10_000, 10_000, 10_000, 10_000);
        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(10), 20));

        // status.plan was lost: the nodes' own states say what is going on.
        var successor = new PlannerRun(Spec(2), run.Cluster);
        var first = successor.Tick();

        Assert.DoesNotContain(first.Actions, a => a is BeginDrain or Shed);
        Assert.True(successor.RunUntilSteady(200));
        Assert.Equal(2, run.Cluster.Replicas);
        Assert.All(run.Cluster.Removals, r => Assert.Equal(0, r.Connections));
    }
}
