using Erlmcp.Autoscaler.Erlang.Connection;
using Microsoft.Extensions.Time.Testing;

namespace Erlmcp.Autoscaler.Erlang.Tests.Connection;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void The_delay_doubles_per_failure_up_to_the_maximum_and_resets_on_success()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));
        var delays = new List<TimeSpan>();

        for (var i = 0; i < 5; i++)
        {
            backoff.RecordFailure(time);
            delays.Add(backoff.RemainingDelay(time));
        }

        Assert.Equal([100, 200, 400, 500, 500], delays.Select(d => d.TotalMilliseconds));
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(TimeSpan.FromMilliseconds(200), backoff.RemainingDelay(time));
        backoff.RecordSuccess();
        Assert.Equal(TimeSpan.Zero, backoff.RemainingDelay(time));
    }
}
