using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms;

/// <summary>Bad input gets an <see cref="ErlangTermFormatException"/> that says what and at which byte.</summary>
public sealed class MalformedTermTests
{
    public static TheoryData<string, string, int, string> Cases() => new()
    {
        // name, hex input, expected offset, expected text in the detail
        { "empty_input", "", 0, "the version byte needs 1 bytes but only 0 remain" },
        { "wrong_version", "8261", 0, "expected the version byte 131 but found 130" },
        { "unknown_tag", "83FF", 1, "unknown term tag 255" },
        { "truncated_integer", "8362000001", 2, "an INTEGER_EXT value needs 4 bytes but only 3 remain" },
        { "truncated_atom_text", "8377056F6B", 3, "the text of an atom needs 5 bytes but only 2 remain" },
        { "invalid_utf8_atom", "837702C328", 1, "is not valid UTF-8" },
        { "list_longer_than_input", "836CFFFFFFFF6A", 2, "a LIST_EXT length of 4294967295 needs at least 4294967296 more bytes but only 1 remain" },
        { "tuple_element_cut_short", "83680361", 4, "a SMALL_INTEGER_EXT value needs 1 bytes but only 0 remain" },
        { "binary_length_past_end", "836D0000000A0102", 2, "a BINARY_EXT length of 10 needs at least 10 more bytes but only 2 remain" },
        { "bad_big_sign", "836E010201", 3, "the sign of a big integer is 0 or 1, not 2" },
        { "bad_bitstring_bits", "834D000000010900", 6, "uses 1 to 8 bits of its last byte, not 9" },
        { "duplicate_map_key", "83740000000277016161017701616102", 11, "the map key a appears twice" },
        { "pid_node_not_an_atom", "835861", 2, "the node of a pid must be an atom, but found SMALL_INTEGER_EXT (97)" },
        { "reference_with_six_words", "835A0006", 2, "a reference has 1 to 5 words, not 6" },
        { "atom_cache_ref", "835201", 1, "ATOM_CACHE_REF (82) needs a distribution header atom cache" },
        { "compressed_not_first", "836C00000001500000000178", 6, "a compressed term (80) may only follow the version byte" },
        { "compressed_corrupt", "8350000000050102030405", 1, "zlib data is corrupt" },
        { "trailing_bytes", "836A6A", 2, "1 bytes are left over after the term" },
        { "old_fun_ext", "8375", 1, "FUN_EXT (117) is the pre-R7 fun encoding" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_input_names_the_problem_and_its_offset(string name, string hex, int offset, string detail)
    {
        _ = name;
        var error = Assert.Throws<ErlangTermFormatException>(() => ErlangTermCodec.Decode(Convert.FromHexString(hex)));

        Assert.Equal(offset, error.Offset);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Invalid external term at byte offset {offset}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_valid_term_is_reported_as_truncated_not_crashed()
    {
        var term = new ErlangTuple(
            new ErlangAtom("ok"),
            new ErlangMap((new ErlangAtom("n"), (ErlangTerm)System.Numerics.BigInteger.Pow(3, 100)), (ErlangBinary.FromUtf8("k"), new ErlangList(1.5, 2L))),
            new ErlangPid(new ErlangAtom("a@b"), 1, 2, 3),
            new ErlangRef(new ErlangAtom("a@b"), 3, 1, 2, 3));
        var bytes = ErlangTermCodec.Encode(term);

        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<ErlangTermFormatException>(() => ErlangTermCodec.Decode(bytes.AsSpan(0, length)));
            Assert.InRange(error.Offset, 0, length);
        }

        Assert.Equal(term, ErlangTermCodec.Decode(bytes));
    }

    [Fact]
    public void Nesting_deeper_than_MaxDepth_is_refused()
    {
        ErlangTerm nested = ErlangList.Empty;
        for (var i = 0; i < 20; i++)
        {
            nested = new ErlangTuple(nested);
        }

        var bytes = ErlangTermCodec.Encode(nested);

        var error = Assert.Throws<ErlangTermFormatException>(() => ErlangTermCodec.Decode(bytes, new ErlangTermLimits { MaxDepth = 10 }));
        Assert.Contains("deeper than the limit of 10 (MaxDepth)", error.Message, StringComparison.Ordinal);
        Assert.Equal(nested, ErlangTermCodec.Decode(bytes, new ErlangTermLimits { MaxDepth = 20 }));
    }

    [Fact]
    public void Input_larger_than_MaxTermBytes_is_refused()
    {
        var bytes = ErlangTermCodec.Encode(new ErlangBinary(new byte[100]));

        var error = Assert.Throws<ErlangTermFormatException>(() => ErlangTermCodec.Decode(bytes, new ErlangTermLimits { MaxTermBytes = 64 }));

        Assert.Equal(0, error.Offset);
        Assert.Contains("more than the limit of 64 bytes (MaxTermBytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compressed_term_that_would_expand_past_MaxTermBytes_is_refused_before_inflating()
    {
        // Declares 1 GiB uncompressed: the size alone must stop it.
        var bytes = Convert.FromHexString("83504000000078DA03000000000001");

        var error = Assert.Throws<ErlangTermFormatException>(() => ErlangTermCodec.Decode(bytes));

        Assert.Equal(1, error.Offset);
        Assert.Contains("expands to 1073741824 bytes, more than the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compressed_term_shorter_than_declared_is_refused()
    {
        // zlib of the 2 bytes 6A 6A, declared as 5 bytes.
        var inner = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(inner, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write([0x6A, 0x6A]);
        }

        byte[] bytes = [0x83, 0x50, 0, 0, 0, 5, .. inner.ToArray()];

        var error = Assert.Throws<ErlangTermFormatException>(() => ErlangTermCodec.Decode(bytes));
        Assert.Contains("expands to 2 bytes, not its declared 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_with_impossible_values_list_every_problem()
    {
        var errors = new ErlangTermLimits { MaxTermBytes = 0, MaxDepth = 0 }.Validate();

        Assert.Equal(["MaxTermBytes must be at least 16 (was 0)", "MaxDepth must be between 1 and 10000 (was 0)"], errors);
    }
}
