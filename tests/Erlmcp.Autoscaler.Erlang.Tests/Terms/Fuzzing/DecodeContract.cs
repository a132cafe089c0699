using System.Buffers.Binary;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms.Fuzzing;

/// <summary>What one guarded decode gave: a term or the decoder's error, and what it allocated.</summary>
internal sealed record DecodeOutcome(ErlangTerm? Term, ErlangTermFormatException? Error, long AllocatedBytes);

/// <summary>
/// The decoder's promise for any input whatever: it returns a term or throws <see cref="ErlangTermFormatException"/>
/// (no other exception, no crash), within <see cref="HangGuard"/>, and allocates at most
/// <see cref="AllocationBudget"/>. <see cref="Decode"/> checks all three and fails the test otherwise.
/// </summary>
internal static class DecodeContract
{
    /// <summary>Far above any honest decode of the inputs used here (microseconds to a few milliseconds).</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Bytes the decoder may allocate per byte of term data. The greediest shape is maps of one pair nested in each
    /// other, 8 bytes a level and about 75 bytes allocated per byte (each map builds a dictionary, and the decoder a
    /// set to find duplicate keys); every other shape seen costs less.
    /// </summary>
    public const int AllocationFactor = 128;

    /// <summary>Fixed costs of one decode: the exception and its message, zlib's state, first-use caches.</summary>
    public const long AllocationSlack = 64 * 1024;

    /// <summary>
    /// The stack .NET gives its threads where the C library's default is small (musl, as in Alpine images); with
    /// glibc it is usually 8 MiB. The connection's reader decodes on a thread-pool thread.
    /// </summary>
    public const int SmallThreadStackBytes = 1536 * 1024;

    /// <summary>
    /// The most decoding <paramref name="input"/> may allocate: <see cref="AllocationFactor"/> per byte of the input
    /// and of the data a compressed term declares (capped at MaxTermBytes, past which it is refused), plus
    /// <see cref="AllocationSlack"/>. So never more than AllocationFactor × 2 × MaxTermBytes + AllocationSlack.
    /// </summary>
    public static long AllocationBudget(ReadOnlySpan<byte> input, ErlangTermLimits limits)
    {
        long termBytes = input.Length;
        if (input.Length >= 6 && input[0] == ExternalTermTag.Version && input[1] == ExternalTermTag.Compressed)
        {
            termBytes += Math.Min(BinaryPrimitives.ReadUInt32BigEndian(input[2..]), (uint)limits.MaxTermBytes);
        }

        return (AllocationFactor * termBytes) + AllocationSlack;
    }

    /// <summary>Decodes on a thread with a stack of <paramref name="stackBytes"/> and checks the promise.</summary>
    public static DecodeOutcome Decode(byte[] input, ErlangTermLimits limits, int stackBytes = SmallThreadStackBytes)
    {
        DecodeOutcome? outcome = null;
        Exception? unexpected = null;
        var finished = DecodeThread.Run(stackBytes, HangGuard, () =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var term = ErlangTermCodec.Decode(input, limits);
                outcome = new DecodeOutcome(term, null, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            catch (ErlangTermFormatException e)
            {
                outcome = new DecodeOutcome(null, e, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            catch (Exception e) // any other exception is what this contract reports
            {
                unexpected = e;
            }
        });
        if (!finished)
        {
            Assert.Fail($"Decoding {Describe(input)} did not finish within {HangGuard.TotalSeconds} s.");
        }

        if (unexpected is not null)
        {
            Assert.Fail($"Decoding {Describe(input)} threw {unexpected.GetType().FullName}, not {nameof(ErlangTermFormatException)}: {unexpected}");
        }

        var budget = AllocationBudget(input, limits);
        if (outcome!.AllocatedBytes > budget)
        {
            Assert.Fail($"Decoding {Describe(input)} allocated {outcome.AllocatedBytes} bytes, more than its budget of {budget}.");
        }

        return outcome;
    }

    /// <summary>The input's length and its first bytes in hex (enough to rebuild a short one).</summary>
    public static string Describe(byte[] input) =>
        input.Length <= 256
            ? $"the {input.Length} bytes {Convert.ToHexString(input)}"
            : $"the {input.Length} bytes starting {Convert.ToHexString(input, 0, 256)}";
}
