using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Server.Tests.Coordinator.Fakes;

/// <summary>
/// Every change the coordinator asked of the fake cluster and the fake nodes, in the order asked: status writes,
/// StatefulSet scales and node calls (status() reads are not changes and are not recorded).
/// </summary>
public sealed class CallJournal(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<JournalEntry> _entries = [];

    public IReadOnlyList<JournalEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>The calls as text (<c>begin_drain erlmcp-5</c>, <c>scale 3</c>), status writes left out.</summary>
    public IReadOnlyList<string> Calls => [.. Entries.Where(e => e.Plan is null).Select(e => e.Text)];

    public void Record(string text, PlanState? writtenPlan = null)
    {
        lock (_gate)
        {
            _entries.Add(new JournalEntry(text, writtenPlan, time.GetUtcNow()));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}

/// <param name="Plan">For a status write, the plan written; null for a call.</param>
/// <param name="At">The fake clock's time when it was asked.</param>
public sealed record JournalEntry(string Text, PlanState? Plan, DateTimeOffset At);
