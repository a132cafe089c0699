using System.Net;
using System.Security.Cryptography;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Connection;

/// <summary>
/// Our side of the cluster: one creation for the life of a pool, and the counters that make our pids and
/// references unique. The node name depends on the remote node's naming style, so each pid carries its own.
/// </summary>
internal sealed class LocalNode
{
    // Pids keep to the classic 15-bit number and 13-bit serial, which every OTP release accepts.
    private const uint MaxPidNumber = (1 << 15) - 1;
    private const uint MaxPidSerial = (1 << 13) - 1;

    // The first word of a reference carries 18 significant bits.
    private const uint RefFirstWordMask = (1 << 18) - 1;

    private readonly ErlangNodeOptions _options;
    private readonly string _generatedAlive;
    private long _pidCounter;
    private long _refCounter;

    public LocalNode(ErlangNodeOptions options)
    {
        _options = options;
        // Creations 0..3 are the old 2-bit ones; a random larger one marks this incarnation.
        Creation = (uint)Random.Shared.NextInt64(4, uint.MaxValue);
        _generatedAlive = "dotnet_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        _refCounter = Random.Shared.Next();
    }

    public uint Creation { get; }

    /// <summary>Our node name towards <paramref name="remote"/>, in its naming style.</summary>
    public string NodeNameFor(ErlangNodeName remote)
    {
        if (_options.LocalName is { } configured && configured.Contains('@', StringComparison.Ordinal))
        {
            return configured;
        }

        var alive = _options.LocalName ?? _generatedAlive;
        var host = remote.IsLongName ? _options.LongNameHost ?? LongHost() : ShortHost();
        return $"{alive}@{host}";
    }

    public ErlangPid NewPid(ErlangAtom node)
    {
        var sequence = (ulong)Interlocked.Increment(ref _pidCounter);
        var number = (uint)(sequence % MaxPidNumber) + 1;
        var serial = (uint)(sequence / MaxPidNumber % (MaxPidSerial + 1));
        return new ErlangPid(node, number, serial, Creation);
    }

    public ErlangRef NewRef(ErlangAtom node)
    {
        var sequence = (ulong)Interlocked.Increment(ref _refCounter);
        // The counter makes a reference unique; the random word only makes it hard to guess, which needs no
        // cryptographic generator (one per call cost several percent of an rpc's CPU time).
        return new ErlangRef(node, Creation, (uint)sequence & RefFirstWordMask, (uint)(sequence >> 18), (uint)Random.Shared.NextInt64(1L << 32));
    }

    private static string ShortHost()
    {
        var host = Dns.GetHostName();
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? host[..dot] : host;
    }

    private static string LongHost()
    {
        var host = Dns.GetHostName();
        return host.Contains('.', StringComparison.Ordinal) ? host : "127.0.0.1";
    }
}
