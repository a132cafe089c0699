using Erlmcp.Autoscaler.Erlang.Epmd;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Handshake;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Connection;

/// <summary>
/// How this hidden node connects: its cookie and name, timeouts, TLS, limits. Validated when a pool is built
/// from it (<see cref="Validate"/>); its ToString never shows the cookie.
/// </summary>
public sealed record ErlangNodeOptions
{
    public required ErlangCookie Cookie { get; init; }

    /// <summary>
    /// Our node name: a full <c>name@host</c>, or just the name (the host then follows the remote node's style:
    /// the short host name for short names, <see cref="LongNameHost"/> for long names). Default: dotnet_ and a
    /// random suffix, so that two clients never take each other's place.
    /// </summary>
    public string? LocalName { get; init; }

    /// <summary>The host part of our name towards long-name nodes when <see cref="LocalName"/> has none. Default: this host's name, or 127.0.0.1 when it has no dot.</summary>
    public string? LongNameHost { get; init; }

    public int EpmdPort { get; init; } = EpmdProtocol.DefaultPort;

    /// <summary>As the node's net_ticktime: we tick every quarter of it and declare the node down after this much silence. Default 60 s.</summary>
    public TimeSpan NetTickTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The most an EPMD lookup, TCP connect, TLS and distribution handshake may take together. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The timeout of a call (and of a send) that does not name its own. Default 30 s.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the first reconnection attempt after a failed one; it doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Null for plain TCP distribution.</summary>
    public ErlangTlsOptions? Tls { get; init; }

    public ErlangTermLimits TermLimits { get; init; } = ErlangTermLimits.Default;

    /// <summary>How many unread messages a mailbox keeps; past that the oldest are dropped (and counted). Default 10000.</summary>
    public int MailboxCapacity { get; init; } = 10_000;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="ErlangOptionsException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Cookie is null)
        {
            errors.Add($"{nameof(Cookie)} is required");
        }

        if (LocalName is not null)
        {
            try
            {
                _ = LocalName.Contains('@', StringComparison.Ordinal) ? ErlangNodeName.Parse(LocalName) : ErlangNodeName.Parse(LocalName + "@host");
            }
            catch (FormatException e)
            {
                errors.Add($"{nameof(LocalName)}: {e.Message}");
            }
        }

        if (LongNameHost is { Length: 0 } || (LongNameHost?.Contains('@', StringComparison.Ordinal) ?? false))
        {
            errors.Add($"{nameof(LongNameHost)} must be a non-empty host name without '@' (was '{LongNameHost}')");
        }

        if (EpmdPort is < 1 or > 65535)
        {
            errors.Add($"{nameof(EpmdPort)} must be between 1 and 65535 (was {EpmdPort})");
        }

        RequireAtLeast(errors, nameof(NetTickTime), NetTickTime, TimeSpan.FromSeconds(1));
        RequireAtLeast(errors, nameof(ConnectTimeout), ConnectTimeout, TimeSpan.FromMilliseconds(10));
        RequireAtLeast(errors, nameof(CallTimeout), CallTimeout, TimeSpan.FromMilliseconds(1));
        RequireAtLeast(errors, nameof(ReconnectInitialDelay), ReconnectInitialDelay, TimeSpan.Zero);
        RequireAtLeast(errors, nameof(ReconnectMaxDelay), ReconnectMaxDelay, ReconnectInitialDelay);
        if (MailboxCapacity < 1)
        {
            errors.Add($"{nameof(MailboxCapacity)} must be at least 1 (was {MailboxCapacity})");
        }

        if (TermLimits is null)
        {
            errors.Add($"{nameof(TermLimits)} is required");
        }
        else
        {
            errors.AddRange(TermLimits.Validate().Select(e => $"{nameof(TermLimits)}.{e}"));
        }

        if (TimeProvider is null)
        {
            errors.Add($"{nameof(TimeProvider)} is required");
        }

        if (Tls is not null)
        {
            errors.AddRange(Tls.Validate());
        }

        if (errors.Count > 0)
        {
            throw new ErlangOptionsException(nameof(ErlangNodeOptions), errors);
        }
    }

    private static void RequireAtLeast(List<string> errors, string name, TimeSpan value, TimeSpan minimum)
    {
        if (value < minimum || value == Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{name} must be at least {minimum} and finite (was {value})");
        }
    }
}
