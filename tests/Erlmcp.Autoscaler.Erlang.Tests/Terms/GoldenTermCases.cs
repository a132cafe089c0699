using System.Numerics;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms;

/// <summary>
/// One term written as an Erlang expression, with the term we expect to decode from Erlang's encoding of it
/// (null when the value cannot be written down beforehand, as for a closure), and whether our encoder must
/// produce exactly the bytes of term_to_binary(T, [{minor_version, 2}]).
/// </summary>
public sealed record GoldenTermCase(string Name, string Expression, ErlangTerm? Expected, bool SameBytes = true)
{
    public override string ToString() => Name;
}

public static class GoldenTermCases
{
    private static readonly ErlangAtom NoNode = new("nonode@nohost");

    public static readonly IReadOnlyList<GoldenTermCase> All =
    [
        new("small_integer_zero", "0", 0L),
        new("small_integer_max", "255", 255L),
        new("integer_256", "256", 256L),
        new("integer_minus_one", "-1", -1L),
        new("integer_min_32", "-2147483648", (long)int.MinValue),
        new("integer_max_32", "2147483647", (long)int.MaxValue),
        new("small_big_2_pow_31", "2147483648", 2147483648L),
        new("small_big_negative", "-2147483649", -2147483649L),
        new("small_big_long_max", "9223372036854775807", long.MaxValue),
        new("small_big_long_min", "-9223372036854775808", long.MinValue),
        new("small_big_2_pow_64", "18446744073709551616", BigInteger.One << 64),
        new("small_big_negative_2_pow_300", "-(1 bsl 300)", -(BigInteger.One << 300)),
        new("large_big_2_pow_2100", "1 bsl 2100", BigInteger.One << 2100),
        new("float_one_and_a_half", "1.5", 1.5),
        new("float_negative_tenth", "-0.1", -0.1),
        new("float_huge", "1.0e300", 1.0e300),
        new("float_smallest_subnormal", "5.0e-324", double.Epsilon),
        new("atom_ok", "ok", new ErlangAtom("ok")),
        new("atom_quoted_with_space", "'hello world'", new ErlangAtom("hello world")),
        new("atom_empty", "''", ErlangAtom.Empty),
        new("atom_latin1", "'caf\\x{E9}'", new ErlangAtom("café")),
        new("atom_unicode", "'\\x{65E5}\\x{672C}'", new ErlangAtom("日本")),
        new("atom_255_characters", "list_to_atom(lists:duplicate(255, $a))", new ErlangAtom(new string('a', 255))),
        new("atom_255_unicode_characters", "list_to_atom(lists:duplicate(255, 16#65E5))", new ErlangAtom(new string('日', 255))),
        new("tuple_empty", "{}", new ErlangTuple()),
        new("tuple_pair", "{a, 1}", new ErlangTuple(new ErlangAtom("a"), 1L)),
        new("tuple_large_300", "list_to_tuple(lists:seq(1, 300))", new ErlangTuple([.. Enumerable.Range(1, 300).Select(i => (ErlangTerm)(long)i)])),
        new("nil", "[]", ErlangList.Empty),
        new("string_hello", "\"hello\"", ErlangList.FromString("hello")),
        new("string_too_long_for_string_ext", "[X rem 256 || X <- lists:seq(1, 70000)]", new ErlangList([.. Enumerable.Range(1, 70000).Select(i => (ErlangTerm)(long)(i % 256))])),
        new("list_mixed", "[1, a, 2.5]", new ErlangList(1L, new ErlangAtom("a"), 2.5)),
        new("list_improper", "[1, 2 | c]", ErlangList.WithTail([1L, 2L], new ErlangAtom("c"))),
        new("list_nested", "[[1], [[2]]]", new ErlangList(new ErlangList(1L), new ErlangList(new ErlangList(2L)))),
        new("list_unicode_code_points", "[1000, 2000]", new ErlangList(1000L, 2000L)),
        new("binary_empty", "<<>>", new ErlangBinary([])),
        new("binary_bytes", "<<1, 2, 3>>", new ErlangBinary([1, 2, 3])),
        new("binary_text", "<<\"text\">>", ErlangBinary.FromUtf8("text")),
        new("bitstring_three_bits", "<<1:3>>", new ErlangBinary([0b0010_0000], 3)),
        new("bitstring_byte_and_three_bits", "<<255, 7:3>>", new ErlangBinary([255, 0b1110_0000], 3)),
        new("map_empty", "#{}", new ErlangMap()),
        new("map_one_pair", "#{a => 1}", new ErlangMap((new ErlangAtom("a"), 1L))),
        new(
            "map_mixed_keys",
            "#{a => 1, <<\"b\">> => [2], {c} => #{d => e}}",
            new ErlangMap(
                (new ErlangAtom("a"), 1L),
                (ErlangBinary.FromUtf8("b"), new ErlangList(2L)),
                (new ErlangTuple(new ErlangAtom("c")), new ErlangMap((new ErlangAtom("d"), new ErlangAtom("e"))))),
            SameBytes: false),
        new(
            "map_40_keys_hash_ordered",
            "maps:from_list([{K, K * K} || K <- lists:seq(1, 40)])",
            new ErlangMap(Enumerable.Range(1, 40).Select(k => KeyValuePair.Create((ErlangTerm)(long)k, (ErlangTerm)(long)(k * k)))),
            SameBytes: false),
        new("pid", "c:pid(0, 85, 3)", new ErlangPid(NoNode, 85, 3, 0)),
        new("port", "list_to_port(\"#Port<0.5>\")", new ErlangPort(NoNode, 5, 0)),
        new("reference", "list_to_ref(\"#Ref<0.1.2.3>\")", new ErlangRef(NoNode, 0, 3, 2, 1)),
        new("export_fun", "fun lists:reverse/1", new ErlangExportFun(new ErlangAtom("lists"), new ErlangAtom("reverse"), 1)),
        new("local_fun", "fun(X) -> X + 1 end", null),
        new("closure_with_free_variable", "begin Y = 5, fun(X) -> X + Y end end", null),
        new("fresh_reference", "make_ref()", null),
        new("self_pid", "self()", null),
        new(
            "reply_shape",
            "{ok, #{node => 'erlmcp@host', connections => 20000, limit => 25000, accepting => true, listeners => [<<\"tcp\">>, <<\"ws\">>]}}",
            new ErlangTuple(
                ErlangAtom.Ok,
                new ErlangMap(
                    (new ErlangAtom("node"), new ErlangAtom("erlmcp@host")),
                    (new ErlangAtom("connections"), 20000L),
                    (new ErlangAtom("limit"), 25000L),
                    (new ErlangAtom("accepting"), true),
                    (new ErlangAtom("listeners"), new ErlangList(ErlangBinary.FromUtf8("tcp"), ErlangBinary.FromUtf8("ws"))))),
            SameBytes: false),
        new("compressible_list", "lists:duplicate(1000, hello)", new ErlangList([.. Enumerable.Repeat((ErlangTerm)new ErlangAtom("hello"), 1000)])),
    ];

    public static TheoryData<GoldenTermCase> Data()
    {
        var data = new TheoryData<GoldenTermCase>();
        foreach (var testCase in All)
        {
            data.Add(testCase);
        }

        return data;
    }
}
