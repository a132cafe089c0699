namespace Erlmcp.Autoscaler.Core.Connections;

/// <summary>
/// How current one source is: the time of its newest value held, that value's age, and how many pods hold a fresh
/// or a stale value from it.
/// </summary>
public sealed record SourceFreshness(string Source, DateTimeOffset Newest, TimeSpan Age, int FreshPods, int StalePods)
{
    internal static SourceFreshness First(string source, DateTimeOffset observedAt, bool fresh, DateTimeOffset now) =>
        new(source, observedAt, now - observedAt, fresh ? 1 : 0, fresh ? 0 : 1);

    internal SourceFreshness Add(DateTimeOffset observedAt, bool fresh, DateTimeOffset now)
    {
        var newest = observedAt > Newest ? observedAt : Newest;
        return new(Source, newest, now - newest, FreshPods + (fresh ? 1 : 0), StalePods + (fresh ? 0 : 1));
    }
}
