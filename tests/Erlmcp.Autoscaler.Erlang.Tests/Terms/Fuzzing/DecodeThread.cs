using System.Collections.Concurrent;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms.Fuzzing;

/// <summary>
/// A dedicated thread of a chosen stack size that runs jobs one at a time (a new thread per decode would cost more
/// than most decodes). A job that overruns its guard leaves its thread behind, stuck, and the next job gets a new one.
/// </summary>
internal sealed class DecodeThread
{
    private static readonly ConcurrentDictionary<int, DecodeThread> Threads = new();

    private readonly BlockingCollection<Action> _jobs = [];

    private DecodeThread(int stackBytes)
    {
        new Thread(() => Work(_jobs), stackBytes) { IsBackground = true, Name = $"decode under test ({stackBytes} byte stack)" }.Start();
    }

    /// <summary>Runs <paramref name="job"/> on the thread for <paramref name="stackBytes"/>; false if it did not finish within <paramref name="guard"/>.</summary>
    public static bool Run(int stackBytes, TimeSpan guard, Action job)
    {
        var thread = Threads.GetOrAdd(stackBytes, size => new DecodeThread(size));
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        thread._jobs.Add(() =>
        {
            job();
            done.SetResult();
        });
        if (done.Task.Wait(guard))
        {
            return true;
        }

        Threads.TryRemove(KeyValuePair.Create(stackBytes, thread));
        thread._jobs.CompleteAdding();
        return false;
    }

    private static void Work(BlockingCollection<Action> jobs)
    {
        foreach (var job in jobs.GetConsumingEnumerable())
        {
            job();
        }
    }
}
