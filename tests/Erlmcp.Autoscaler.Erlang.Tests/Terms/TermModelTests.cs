using System.Numerics;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms;

/// <summary>Equality, Erlang-syntax printing and the accessors of the term types.</summary>
public sealed class TermModelTests
{
    public static TheoryData<ErlangTerm, string> Printed() => new()
    {
        { 42L, "42" },
        { BigInteger.Pow(10, 30), "1000000000000000000000000000000" },
        { 1.5, "1.5" },
        { 100.0, "100.0" },
        { 1e300, "1.0e300" },
        { new ErlangAtom("ok"), "ok" },
        { new ErlangAtom("Hello"), "'Hello'" },
        { new ErlangAtom("it's"), "'it\\'s'" },
        { new ErlangAtom("receive"), "'receive'" },
        { new ErlangAtom("erlmcp@host"), "erlmcp@host" },
        { new ErlangTuple(ErlangAtom.Ok, 1L), "{ok,1}" },
        { ErlangList.FromString("hi\n"), "\"hi\\n\"" },
        { new ErlangList(1L, 2L), "[1,2]" },
        { ErlangList.WithTail([1L], new ErlangAtom("t")), "[1|t]" },
        { ErlangList.Empty, "[]" },
        { ErlangBinary.FromUtf8("abc"), "<<\"abc\">>" },
        { new ErlangBinary([1, 200]), "<<1,200>>" },
        { new ErlangBinary([255, 0b1110_0000], 3), "<<255,7:3>>" },
        { new ErlangMap((new ErlangAtom("a"), 1L)), "#{a => 1}" },
        { new ErlangPid(new ErlangAtom("n@h"), 85, 0, 1), "<n@h.85.0>" },
        { new ErlangRef(new ErlangAtom("n@h"), 1, 3, 2, 1), "#Ref<n@h.1.2.3>" },
        { new ErlangExportFun(new ErlangAtom("lists"), new ErlangAtom("reverse"), 1), "fun lists:reverse/1" },
    };

    [Theory]
    [MemberData(nameof(Printed))]
    public void ToString_prints_Erlang_syntax(ErlangTerm term, string expected) => Assert.Equal(expected, term.ToString());

    [Fact]
    public void A_string_and_the_list_of_its_codes_are_equal()
    {
        Assert.Equal(ErlangList.FromString("ab"), new ErlangList(97L, 98L));
        Assert.Equal(ErlangList.FromString("ab").GetHashCode(), new ErlangList(97L, 98L).GetHashCode());
    }

    [Fact]
    public void Integers_and_floats_of_the_same_value_differ_as_with_exact_equality()
    {
        Assert.NotEqual<ErlangTerm>(1L, 1.0);
        Assert.Equal<ErlangTerm>(new ErlangInteger(new BigInteger(5)), new ErlangInteger(5));
    }

    [Fact]
    public void Maps_are_equal_regardless_of_key_order()
    {
        var ab = new ErlangMap((new ErlangAtom("a"), 1L), (new ErlangAtom("b"), 2L));
        var ba = new ErlangMap((new ErlangAtom("b"), 2L), (new ErlangAtom("a"), 1L));

        Assert.Equal<ErlangTerm>(ab, ba);
        Assert.Equal(ab.GetHashCode(), ba.GetHashCode());
    }

    [Fact]
    public void A_list_tail_is_spliced_so_the_list_is_proper()
    {
        var spliced = ErlangList.WithTail([1L], new ErlangList(2L, 3L));

        Assert.True(spliced.IsProper);
        Assert.Equal(new ErlangList(1L, 2L, 3L), spliced);
    }

    [Fact]
    public void The_unused_bits_of_a_bitstring_do_not_count()
    {
        Assert.Equal(new ErlangBinary([0b1111_1111], 3), new ErlangBinary([0b1110_0000], 3));
    }

    [Fact]
    public void Accessors_read_an_ok_map_reply()
    {
        var reply = new ErlangTuple(ErlangAtom.Ok, new ErlangMap((new ErlangAtom("connections"), 20000L), (new ErlangAtom("node"), ErlangBinary.FromUtf8("erlmcp-0"))));

        var map = reply.UnwrapOk().AsMap();

        Assert.Equal(20000L, map["connections"].AsLong());
        Assert.Equal("erlmcp-0", map["node"].AsString());
    }

    [Fact]
    public void UnwrapOk_of_an_error_tuple_raises_the_reason()
    {
        var error = Assert.Throws<ErlangErrorReplyException>(() => new ErlangTuple(ErlangAtom.Error, new ErlangAtom("not_draining")).UnwrapOk());

        Assert.Equal(new ErlangAtom("not_draining"), error.Reason);
        Assert.Equal("The reply is {error, not_draining}.", error.Message);
    }

    [Fact]
    public void An_accessor_on_the_wrong_shape_says_what_it_expected_and_what_it_got()
    {
        var error = Assert.Throws<ErlangTermTypeException>(() => new ErlangAtom("nope").AsLong());

        Assert.Equal("Expected an integer that fits in 64 bits but the term is nope.", error.Message);
    }

    [Fact]
    public void A_missing_map_key_names_the_key_and_the_keys_present()
    {
        var map = new ErlangMap((new ErlangAtom("total"), 1L));

        var error = Assert.Throws<KeyNotFoundException>(() => map["connections"]);

        Assert.Equal("The map has no key connections; its keys are total.", error.Message);
    }

    [Fact]
    public void An_atom_longer_than_255_characters_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new ErlangAtom(new string('x', 256)));

        Assert.Contains("at most 255 characters", error.Message, StringComparison.Ordinal);
    }
}
