using Erlmcp.Autoscaler.Server.Security;

namespace Erlmcp.Autoscaler.Server.Tests.Security;

/// <summary>The review caches' store: entries expire at their time, and a full cache drops the least recently used.</summary>
public sealed class ExpiringCacheTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_entry_is_served_until_it_expires_and_not_after()
    {
        var cache = new ExpiringCache<string, int>(4);
        cache.Set("a", 1, Now, TimeSpan.FromSeconds(10));

        Assert.True(cache.TryGet("a", Now.AddSeconds(9.999), out var value));
        Assert.Equal(1, value);
        Assert.False(cache.TryGet("a", Now.AddSeconds(10), out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_zero_lifetime_keeps_nothing()
    {
        var cache = new ExpiringCache<string, int>(4);
        cache.Set("a", 1, Now, TimeSpan.Zero);

        Assert.False(cache.TryGet("a", Now, out _));
    }

    [Fact]
    public void A_full_cache_evicts_the_least_recently_used_entry()
    {
        var cache = new ExpiringCache<string, int>(2);
        cache.Set("a", 1, Now, TimeSpan.FromMinutes(1));
        cache.Set("b", 2, Now, TimeSpan.FromMinutes(1));
        Assert.True(cache.TryGet("a", Now, out _));

        cache.Set("c", 3, Now, TimeSpan.FromMinutes(1));

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("a", Now, out _));
        Assert.False(cache.TryGet("b", Now, out _));
        Assert.True(cache.TryGet("c", Now, out _));
    }

    [Fact]
    public void Setting_a_key_again_replaces_its_value_and_lifetime()
    {
        var cache = new ExpiringCache<string, int>(2);
        cache.Set("a", 1, Now, TimeSpan.FromSeconds(1));
        cache.Set("a", 2, Now, TimeSpan.FromSeconds(10));

        Assert.True(cache.TryGet("a", Now.AddSeconds(5), out var value));
        Assert.Equal(2, value);
        Assert.Equal(1, cache.Count);
    }
}
