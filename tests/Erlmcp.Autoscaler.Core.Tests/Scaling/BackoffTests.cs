using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(5, 60)]
    [InlineData(500, 60)]
    public void The_wait_doubles_from_the_initial_delay_up_to_the_cap(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Backoff.After(attempts, new RetrySettings { Initial = TimeSpan.FromSeconds(5), Max = TimeSpan.FromMinutes(1) }));

    [Fact]
    public void A_long_initial_delay_doubled_many_times_does_not_overflow() =>
        Assert.Equal(TimeSpan.FromDays(3650), Backoff.After(10_000, new RetrySettings { Initial = TimeSpan.FromDays(1), Max = TimeSpan.FromDays(3650) }));
}
