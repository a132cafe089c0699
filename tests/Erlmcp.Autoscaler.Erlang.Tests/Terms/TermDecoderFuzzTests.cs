using System.IO.Compression;
using CsCheck;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Erlang.Tests.Terms.Fuzzing;
using Xunit.Abstractions;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms;

/// <summary>
/// Feeds the decoder random bytes, mutations of real term_to_binary outputs, wrong compressed sizes and deep
/// nesting, and checks <see cref="DecodeContract"/> on every input: a term or an ErlangTermFormatException, no
/// hang, bounded allocation. Inputs come from CsCheck generators driven by a fixed seed, so every run decodes the
/// same inputs; a failure names the CsCheck seed that regenerates the input.
/// </summary>
public sealed class TermDecoderFuzzTests(ITestOutputHelper output)
{
    private static readonly ErlangTermLimits FuzzLimits = new() { MaxTermBytes = 256 * 1024, MaxDepth = 512 };

    /// <summary>Room for hostile inputs big enough that a quadratic cost would take minutes.</summary>
    private static readonly ErlangTermLimits HostileLimits = new() { MaxTermBytes = 512 * 1024, MaxDepth = 512 };

    private static readonly Gen<byte[]> RandomInputs = Gen.Frequency(
        (1, Gen.Byte.Array[0, 64]),
        (2, Gen.Byte.Array[0, 256].Select(bytes => (byte[])[ExternalTermTag.Version, .. bytes])),

        // Mostly tag bytes, so that the decoder goes past the first term header more often.
        (3, Gen.Frequency((1, Gen.Byte), (1, Gen.Int[0, ByteMutation.Tags.Length - 1].Select(i => ByteMutation.Tags[i]))).Array[0, 256]
            .Select(bytes => (byte[])[ExternalTermTag.Version, .. bytes])));

    private static readonly IReadOnlyList<CorpusEntry> UncompressedEntries = [.. FuzzCorpus.Entries.Where(e => !e.IsCompressed)];

    private static readonly uint[] CompressedSizeChoices = [0, 1, uint.MaxValue, 0x8000_0000, (uint)FuzzLimits.MaxTermBytes, (uint)FuzzLimits.MaxTermBytes + 1];

    private static readonly Gen<(int Entry, ByteMutation[] Mutations)> Mutations =
        Gen.Select(Gen.Int[0, FuzzCorpus.Entries.Count - 1], ByteMutation.Gen.Array[1, 4]);

    [Fact]
    public void The_corpus_is_real_term_to_binary_output_that_decodes()
    {
        var failures = FuzzCorpus.Entries
            .Select(entry => (entry, outcome: DecodeContract.Decode(entry.Bytes, FuzzLimits)))
            .Where(e => e.outcome.Error is not null)
            .Select(e => $"{e.entry}: {e.outcome.Error!.Message}")
            .ToList();

        Assert.Equal(22 * 5, FuzzCorpus.Entries.Count);
        Assert.Empty(failures);
    }

    [Fact]
    public void Random_bytes_give_a_term_or_a_format_error()
    {
        var tally = Fuzz(RandomInputs, seed: 20_251_001, count: 50_000, input => input);

        // Random bytes are almost never a whole term, but the tag-heavy ones sometimes are.
        Assert.InRange(tally.Terms, 1, 100);
        Assert.InRange(tally.Errors, 49_900, 49_999);
    }

    [Fact]
    public void Mutated_real_encodings_give_a_term_or_a_format_error()
    {
        var tally = Fuzz(Mutations, seed: 20_251_002, count: 100_000, Mutate);

        // Both outcomes are common: the mutations reach into the structure instead of only breaking the header.
        Assert.InRange(tally.Terms, 2_500, 20_000);
        Assert.InRange(tally.Errors, 80_000, 97_500);
    }

    [Fact]
    public void Compressed_terms_with_wrong_declared_sizes_are_refused()
    {
        var gen = Gen.Select(Gen.Int[0, UncompressedEntries.Count - 1], Gen.Int[-3, CompressedSizeChoices.Length - 1], Gen.Int[-40, 40], Gen.Byte, Compress);

        var tally = Fuzz(gen, seed: 20_251_003, count: 10_000, c => c.Bytes, (c, outcome) =>
        {
            if (c.Declared > (uint)FuzzLimits.MaxTermBytes)
            {
                Assert.NotNull(outcome.Error);
                Assert.Equal(1, outcome.Error.Offset);
                Assert.Contains($"expands to {c.Declared} bytes, more than the limit of {FuzzLimits.MaxTermBytes} bytes (MaxTermBytes)", outcome.Error.Message, StringComparison.Ordinal);
            }
            else if (c.Declared != c.Actual)
            {
                Assert.NotNull(outcome.Error);
            }
            else if (!c.Corrupted)
            {
                Assert.Equal(ErlangTermCodec.Decode(UncompressedEntries[c.Entry].Bytes, FuzzLimits), outcome.Term);
            }
        });

        // About one input in 18 declares the right size of intact zlib data.
        Assert.InRange(tally.Terms, 300, 1_200);
        Assert.InRange(tally.Errors, 8_800, 9_700);
    }

    [Fact]
    public void Nesting_up_to_MaxDepth_decodes_and_deeper_nesting_is_refused()
    {
        var limits = FuzzLimits with { MaxDepth = 200 };
        var gen = Gen.Enum<NestingLevel>().Array[0, 2 * limits.MaxDepth];

        var tally = Fuzz(gen, seed: 20_251_004, count: 3_000, levels => Nesting.Build(levels).Bytes, (levels, outcome) =>
        {
            if (levels.Length <= limits.MaxDepth)
            {
                Assert.Equal(Nesting.Build(levels).Term, outcome.Term);
            }
            else
            {
                Assert.NotNull(outcome.Error);
                Assert.Contains($"terms nest deeper than the limit of {limits.MaxDepth} (MaxDepth)", outcome.Error.Message, StringComparison.Ordinal);
            }
        }, limits);

        Assert.InRange(tally.Terms, 1_200, 1_800);
    }

    /// <summary>Regression: 10,000 levels overflowed a 1.5 MiB stack, which kills the process.</summary>
    [Theory]
    [InlineData(NestingLevel.SmallTuple)]
    [InlineData(NestingLevel.LargeTuple)]
    [InlineData(NestingLevel.ListElement)]
    [InlineData(NestingLevel.ImproperListHead)]
    [InlineData(NestingLevel.MapKey)]
    [InlineData(NestingLevel.MapValue)]
    public void Nesting_too_deep_for_the_thread_stack_is_refused_not_a_crash(NestingLevel level)
    {
        var limits = new ErlangTermLimits { MaxDepth = 10_000 };
        var bytes = Nesting.Build(Enumerable.Repeat(level, limits.MaxDepth).ToArray()).Bytes;

        var onSmallStack = DecodeContract.Decode(bytes, limits, DecodeContract.SmallThreadStackBytes);
        var onLargeStack = DecodeContract.Decode(bytes, limits, stackBytes: 64 * 1024 * 1024);

        Assert.NotNull(onSmallStack.Error);
        Assert.Contains("for the stack of the decoding thread", onSmallStack.Error.Message, StringComparison.Ordinal);
        Assert.NotNull(onLargeStack.Term);
        Assert.Equal(limits.MaxDepth, Nesting.Depth(onLargeStack.Term));
    }

    /// <summary>Regression: these took 15 s and more for half a megabyte (every key in one hash bucket).</summary>
    [Theory]
    [InlineData("integers_with_equal_halves")]
    [InlineData("floats_with_equal_halves")]
    [InlineData("port_ids_with_equal_halves")]
    [InlineData("funs_differing_only_in_a_free_variable")]
    public void Map_keys_chosen_to_share_a_hash_code_decode_in_linear_time(string family)
    {
        var (bytes, keyCount) = HostileTerms.MapOfCollidingKeys(HostileTerms.CollidingKeys[family], HostileLimits.MaxTermBytes);

        var map = Assert.IsType<ErlangMap>(DecodeContract.Decode(bytes, HostileLimits).Term);

        Assert.True(keyCount > 5_000, $"only {keyCount} keys");
        Assert.Equal(keyCount, map.Count);
    }

    /// <summary>Regression: 500 nested tails around 200,000 elements allocated 1.5 GB.</summary>
    [Fact]
    public void A_list_whose_tail_is_a_list_again_and_again_decodes_in_linear_memory()
    {
        var bytes = HostileTerms.ListOfNestedTails(levels: 500, innerLength: 200_000);

        var list = Assert.IsType<ErlangList>(DecodeContract.Decode(bytes, HostileLimits).Term);

        Assert.True(list.IsProper);
        Assert.Equal(200_500, list.Count);
        Assert.Equal(new ErlangAtom("a"), list[499]);
        Assert.Equal(ErlangList.Empty, list[500]);
    }

    /// <summary>Regression: the error message printed the 200 KB integer in decimal, which took 9 s.</summary>
    [Fact]
    public void A_duplicate_huge_integer_map_key_is_named_without_printing_it()
    {
        var (bytes, secondKeyOffset) = HostileTerms.MapWithDuplicateHugeIntegerKey(digitBytes: 200_000);

        var error = DecodeContract.Decode(bytes, HostileLimits).Error;

        Assert.NotNull(error);
        Assert.Equal(secondKeyOffset, error.Offset);
        Assert.Contains("the map key (a LARGE_BIG_EXT (111) of 200006 bytes) appears twice", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Regression, found by the mutation fuzz: zlib threw ZLibException, which escaped the decoder.</summary>
    [Fact]
    public void Zlib_data_that_makes_zlib_itself_fail_is_a_format_error()
    {
        var input = Convert.FromHexString("83500000008A78209C158CD11182400C44571841EFDB02EC8C8924232897D3E4188AB038ABB00FC3DFEE9B7D");

        var error = DecodeContract.Decode(input, FuzzLimits).Error;

        Assert.NotNull(error);
        Assert.Equal(1, error.Offset);
        Assert.Contains("the compressed term's zlib data is corrupt", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Mutate((int Entry, ByteMutation[] Mutations) plan) =>
        plan.Mutations.Aggregate(FuzzCorpus.Entries[plan.Entry].Bytes, (bytes, mutation) => mutation.ApplyTo(bytes, FuzzLimits));

    /// <summary>
    /// A corpus term compressed again, declaring its right size (sizeChoice -2), one off (-3, -1) or an extreme
    /// (CompressedSizeChoices[sizeChoice]), its zlib data changed at byte corruptAt unless that is negative.
    /// </summary>
    private static CompressedCase Compress(int entry, int sizeChoice, int corruptAt, byte corruption)
    {
        var plain = UncompressedEntries[entry].Bytes.AsSpan(1);
        var zlib = new MemoryStream();
        using (var deflate = new ZLibStream(zlib, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(plain);
        }

        var compressed = zlib.ToArray();
        var corrupted = corruptAt >= 0 && compressed[corruptAt % compressed.Length] != corruption;
        if (corrupted)
        {
            compressed[corruptAt % compressed.Length] = corruption;
        }

        var actual = (uint)plain.Length;
        var declared = sizeChoice < 0 ? (uint)(actual + sizeChoice + 2) : CompressedSizeChoices[sizeChoice];
        var bytes = new RawTermWriter().U8(ExternalTermTag.Version).U8(ExternalTermTag.Compressed).U32(declared).Bytes(compressed).ToArray();
        return new CompressedCase(entry, bytes, declared, actual, corrupted);
    }

    /// <summary>
    /// Decodes <paramref name="count"/> inputs made from <paramref name="gen"/> under a PCG seeded with
    /// <paramref name="seed"/> (the same inputs on every run), each under <see cref="DecodeContract"/>, then runs
    /// <paramref name="check"/> on the outcome. A failure names the CsCheck seed that regenerates its input.
    /// </summary>
    private FuzzTally Fuzz<T>(Gen<T> gen, ulong seed, int count, Func<T, byte[]> toInput, Action<T, DecodeOutcome>? check = null, ErlangTermLimits? limits = null)
    {
        var tally = new FuzzTally();
        var pcg = new PCG(1, seed);
        for (var i = 0; i < count; i++)
        {
            var state = pcg.State;
            var value = gen.Generate(pcg, null, out _);
            var input = toInput(value);
            try
            {
                var outcome = DecodeContract.Decode(input, limits ?? FuzzLimits);
                check?.Invoke(value, outcome);
                tally.Add(input, outcome, DecodeContract.AllocationBudget(input, limits ?? FuzzLimits));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"Fuzz input #{i} failed; CsCheck seed \"{pcg.ToString(state)}\" regenerates it: {Check.Print(value)}", e);
            }
        }

        output.WriteLine(tally.ToString());
        return tally;
    }

    private sealed record CompressedCase(int Entry, byte[] Bytes, uint Declared, uint Actual, bool Corrupted);

    private sealed class FuzzTally
    {
        public int Terms { get; private set; }

        public int Errors { get; private set; }

        private long _inputBytes;
        private int _largestInput;
        private double _largestShareOfBudget;

        public void Add(byte[] input, DecodeOutcome outcome, long allocationBudget)
        {
            if (outcome.Term is null)
            {
                Errors++;
            }
            else
            {
                Terms++;
            }

            _inputBytes += input.Length;
            _largestInput = Math.Max(_largestInput, input.Length);
            _largestShareOfBudget = Math.Max(_largestShareOfBudget, outcome.AllocatedBytes / (double)allocationBudget);
        }

        public override string ToString() =>
            $"{Terms + Errors} inputs ({_inputBytes} bytes, the largest {_largestInput}): {Terms} terms, {Errors} format errors; " +
            $"the greediest decode allocated {_largestShareOfBudget:P0} of its budget";
    }
}
