using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Server.Sources.Erlang;

/// <summary>
/// Follows one pod's node until cancelled: seeds the store with <c>connection_count()</c>, subscribes, records every
/// push, renews the subscription every <see cref="ErlangSourceOptions.RefreshInterval"/>, and starts over when the
/// node connection drops (the client reconnects on the next call) or an attempt fails (after a doubling delay).
/// </summary>
internal sealed class PodSubscription(
    DiscoveredPod pod, ErlangNodeClient client, ConnectionStore store, ErlangSourceOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>The source name of the values it records.</summary>
    public const string Source = "erlang";

    /// <summary>A node clock further than this from ours (beyond the call's round trip) is logged.</summary>
    private static readonly TimeSpan TolerableSkew = TimeSpan.FromSeconds(1);

    private readonly string podName = pod.Reference.ToString();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var subscribedBefore = false;
        var failures = 0;
        while (true)
        {
            try
            {
                var connection = await SubscribeAsync(cancellationToken).ConfigureAwait(false);
                (subscribedBefore ? ErlangSourceMetrics.Resubscribes : ErlangSourceMetrics.Subscriptions).Add(1);
                subscribedBefore = true;
                failures = 0;
                await FollowAsync(connection, cancellationToken).ConfigureAwait(false);
                logger.ConnectionLost(pod.NodeName, podName);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Whatever went wrong, the pod must not silently stop being followed: report it and try again.
                failures++;
                ErlangSourceMetrics.SubscribeFailures.Add(1);
                var delay = RetryDelay(failures);
                if (IsTransient(e))
                {
                    logger.Unreachable(pod.NodeName, podName, failures, delay, e.Message);
                }
                else
                {
                    logger.CannotSubscribe(pod.NodeName, podName, failures, delay, e.Message);
                }

                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failures in a row: the initial delay, doubling, capped.</summary>
    internal static TimeSpan RetryDelay(int failures, TimeSpan initial, TimeSpan max)
    {
        var delay = initial * Math.Pow(2, Math.Min(failures - 1, 30));
        return delay < max ? delay : max;
    }

    /// <summary>Failures that a running, well-configured cluster has for a while (a node restarting, a slow network).</summary>
    private static bool IsTransient(Exception e) =>
        e is ErlangNodeUnreachableException or ErlangEpmdUnreachableException or ErlangNodeNotRegisteredException or ErlangNodeDownException or ErlangTimeoutException;

    private TimeSpan RetryDelay(int failures) => RetryDelay(failures, options.RetryInitialDelay, options.RetryMaxDelay);

    /// <summary>Seeds the store and subscribes; returns the number of the connection the subscription lives on.</summary>
    private async Task<int> SubscribeAsync(CancellationToken cancellationToken)
    {
        var asked = time.GetUtcNow();
        var reply = await client.RpcAsync(ScaleAdminProtocol.Module, "connection_count", [], options.CallTimeout, cancellationToken).ConfigureAwait(false);
        var answered = time.GetUtcNow();
        var count = ScaleAdminProtocol.ReadConnectionCount(reply);
        WarnAboutSkew(count.TimestampMs, asked, answered);
        Record(count, answered);
        await RenewAsync(cancellationToken).ConfigureAwait(false);
        logger.Subscribed(pod.NodeName, podName, count.Total);
        return client.ConnectionsOpened;
    }

    /// <summary>subscribe/2 on the node; a repeat only makes the node push its count again.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        ErlangTerm[] arguments = [client.Self, ScaleAdminProtocol.SubscribeOptions(options.MinInterval)];
        (await client.RpcAsync(ScaleAdminProtocol.Module, "subscribe", arguments, options.CallTimeout, cancellationToken).ConfigureAwait(false)).UnwrapOk();
    }

    /// <summary>
    /// Records pushes until the connection the subscription lives on is gone (the client tells no one, so it is
    /// checked every <see cref="ErlangSourceOptions.ConnectionCheckInterval"/>), renewing the subscription on time.
    /// </summary>
    private async Task FollowAsync(int connection, CancellationToken cancellationToken)
    {
        var mailbox = client.Mailbox;
        var renewed = time.GetTimestamp();
        var readable = mailbox.WaitToReadAsync(cancellationToken).AsTask();
        var check = Task.Delay(options.ConnectionCheckInterval, time, cancellationToken);
        while (true)
        {
            while (mailbox.TryRead(out var message))
            {
                Handle(message);
            }

            if (!client.IsConnected || client.ConnectionsOpened != connection)
            {
                return;
            }

            if (time.GetElapsedTime(renewed) >= options.RefreshInterval)
            {
                await RenewAsync(cancellationToken).ConfigureAwait(false);
                renewed = time.GetTimestamp();
                continue;
            }

            await Task.WhenAny(readable, check).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (readable.IsCompleted)
            {
                if (!await readable.ConfigureAwait(false))
                {
                    throw new ObjectDisposedException(nameof(ErlangNodeClient), $"the client of node {pod.NodeName} was closed");
                }

                readable = mailbox.WaitToReadAsync(cancellationToken).AsTask();
            }

            if (check.IsCompleted)
            {
                check = Task.Delay(options.ConnectionCheckInterval, time, cancellationToken);
            }
        }
    }

    private void Handle(ErlangTerm message)
    {
        if (ScaleAdminProtocol.TryReadPush(message, out var count))
        {
            Record(count, time.GetUtcNow());
            ErlangSourceMetrics.Messages.Add(1);
        }
        else if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.IgnoredMessage(pod.NodeName, ErlangTermText.Abbreviate(message));
        }
    }

    private void Record(NodeCount count, DateTimeOffset now) =>
        store.Record(pod.Reference, new ConnectionObservation(count.Total, ScaleAdminProtocol.ObservedAt(count.TimestampMs, now), TimeSpan.Zero, Source));

    private void WarnAboutSkew(long timestampMs, DateTimeOffset asked, DateTimeOffset answered)
    {
        var stamped = DateTimeOffset.FromUnixTimeMilliseconds(timestampMs);
        var skew = stamped < asked ? stamped - asked : stamped > answered ? stamped - answered : TimeSpan.Zero;
        if (skew.Duration() > TolerableSkew)
        {
            logger.ClockSkew(pod.NodeName, skew);
        }
    }
}
