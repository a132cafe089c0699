using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Tests.Labels;

/// <summary>
/// Upstream selector_test.go: TestSelectorParse, TestDeterministicParse, TestEverything, TestSelectorMatches,
/// TestSetSelectorParser, plus the position and wording of parse errors.
/// </summary>
public class LabelSelectorParseTests
{
    // TestSelectorParse, good strings: the selector prints back as written, blanks removed.
    [Theory]
    [InlineData("x=a,y=b,z=c")]
    [InlineData("")]
    [InlineData("x!=a,y=b")]
    [InlineData("x=")]
    [InlineData("x= ")]
    [InlineData("x=,z= ")]
    [InlineData("x= ,z= ")]
    [InlineData("!x")]
    [InlineData("x>1")]
    [InlineData("x>1,z<5")]
    public void TestSelectorParse_good(string text)
    {
        Assert.Equal(text.Replace(" ", "", StringComparison.Ordinal), LabelSelector.Parse(text).ToString());
    }

    // TestSelectorParse, bad strings.
    [Theory]
    [InlineData("x=a||y=b")]
    [InlineData("x==a==b")]
    [InlineData("!x=a")]
    [InlineData("x<a")]
    public void TestSelectorParse_bad(string text)
    {
        var error = Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse(text));
        Assert.Equal(text, error.Selector);
    }

    [Fact]
    public void TestDeterministicParse()
    {
        Assert.Equal("a=x,x=a", LabelSelector.Parse("x=a,a=x").ToString());
        Assert.Equal("a=x,x=a", LabelSelector.Parse("a=x,x=a").ToString());
        Assert.Equal(LabelSelector.Parse("x=a,a=x"), LabelSelector.Parse("a=x,x=a"));
    }

    [Fact]
    public void TestEverything()
    {
        Assert.True(LabelSelector.Everything.Matches(Labels(("x", "y"))));
        Assert.True(LabelSelector.Everything.IsEmpty);
        Assert.Equal("", LabelSelector.Everything.ToString());
        Assert.Equal(LabelSelector.Everything, LabelSelector.Parse(""));
        Assert.True(LabelSelector.Parse(" \t").IsEmpty);
    }

    [Fact]
    public void Nothing_matches_nothing_and_is_not_empty()
    {
        Assert.False(LabelSelector.Nothing.Matches(Labels()));
        Assert.False(LabelSelector.Nothing.Matches(Labels(("x", "y"))));
        Assert.False(LabelSelector.Nothing.IsEmpty);
        Assert.Empty(LabelSelector.Nothing.Requirements);
        Assert.Equal("", LabelSelector.Nothing.ToString());
        Assert.NotEqual(LabelSelector.Everything, LabelSelector.Nothing);
        Assert.Same(LabelSelector.Nothing, LabelSelector.Nothing.Add(Requirement.Create("x", SelectionOperator.Exists)));
    }

    // TestSelectorMatches: expectMatch rows.
    [Theory]
    [InlineData("", "x=y")]
    [InlineData("x=y", "x=y")]
    [InlineData("x=y,z=w", "x=y,z=w")]
    [InlineData("x!=y,z!=w", "x=z,z=a")]
    [InlineData("notin=in", "notin=in")] // in and notin in exactMatch
    [InlineData("x", "x=z")]
    [InlineData("!x", "y=z")]
    [InlineData("x>1", "x=2")]
    [InlineData("x<1", "x=0")]
    [InlineData("foo=bar", "foo=bar,baz=blah")]
    [InlineData("baz=blah", "foo=bar,baz=blah")]
    [InlineData("foo=bar,baz=blah", "foo=bar,baz=blah")]
    public void TestSelectorMatches_match(string selector, string labels)
    {
        Assert.True(LabelSelector.Parse(selector).Matches(LabelSet(labels)));
    }

    // TestSelectorMatches: expectNoMatch rows.
    [Theory]
    [InlineData("x=z", "")]
    [InlineData("x=y", "x=z")]
    [InlineData("x=y,z=w", "x=w,z=w")]
    [InlineData("x!=y,z!=w", "x=z,z=w")]
    [InlineData("x", "y=z")]
    [InlineData("!x", "x=z")]
    [InlineData("x>1", "x=0")]
    [InlineData("x<1", "x=2")]
    [InlineData("foo=blah", "foo=bar,baz=blah")]
    [InlineData("baz=bar", "foo=bar,baz=blah")]
    [InlineData("foo=bar,foobar=bar,baz=blah", "foo=bar,baz=blah")]
    public void TestSelectorMatches_no_match(string selector, string labels)
    {
        Assert.False(LabelSelector.Parse(selector).Matches(LabelSet(labels)));
    }

    // TestSetSelectorParser, valid rows whose parse result upstream compares (Match=true), with the expected
    // canonical text of the requirements built by hand.
    [Theory]
    [InlineData("\rx", "x")]
    [InlineData("this-is-a-dns.domain.com/key-with-dash", "this-is-a-dns.domain.com/key-with-dash")]
    [InlineData("this-is-another-dns.domain.com/key-with-dash in (so,what)", "this-is-another-dns.domain.com/key-with-dash in (so,what)")]
    [InlineData("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)")]
    [InlineData("foo  in\t (abc)", "foo in (abc)")]
    [InlineData("x notin\n (abc)", "x notin (abc)")]
    [InlineData("x  notin\t\t\t(abc,def)", "x notin (abc,def)")]
    [InlineData("x in (abc,def)", "x in (abc,def)")]
    [InlineData("x in (abc,)", "x in (,abc)")]
    [InlineData("x in ()", "x in ()")]
    [InlineData("x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()")]
    [InlineData("x=a", "x=a")]
    [InlineData("x>1", "x>1")]
    [InlineData("x<7", "x<7")]
    [InlineData("x=a,y!=b", "x=a,y!=b")]
    [InlineData("x=a,y!=b,z in (h,i,j)", "x=a,y!=b,z in (h,i,j)")]
    [InlineData("x notin ( )", "x notin ()")]
    [InlineData("x notin (, a)", "x notin (,a)")]
    [InlineData("a ", "a")]
    [InlineData("a in (x,y,notin, z,in)", "a in (in,notin,x,y,z)")] // operator 'in' inside list of identifiers
    public void TestSetSelectorParser_valid(string text, string canonical)
    {
        var parsed = LabelSelector.Parse(text);

        Assert.Equal(canonical, parsed.ToString());
        Assert.Equal(LabelSelector.Parse(canonical), parsed);
    }

    [Fact]
    public void TestSetSelectorParser_requirements_are_built_as_upstream()
    {
        Assert.Equal(
            [
                Requirement.Create("bar", SelectionOperator.Exists),
                Requirement.Create("w", SelectionOperator.Exists),
                Requirement.Create("x", SelectionOperator.NotIn, ["", "abc", "def"]),
                Requirement.Create("z", SelectionOperator.In, [""]),
            ],
            LabelSelector.Parse("x notin (abc,,def),bar,z in (),w").Requirements);
        Assert.Equal(
            [
                Requirement.Create("x", SelectionOperator.Exists),
                Requirement.Create("y", SelectionOperator.In, ["a"]),
            ],
            LabelSelector.Parse("x,y in (a)").Requirements);
        Assert.Equal(
            [Requirement.Create("a", SelectionOperator.In, ["in", "notin", "x", "y", "z"])],
            LabelSelector.Parse("a in (x,y,notin, z,in)").Requirements);
    }

    // TestSetSelectorParser, invalid rows, with the position and the reason of each failure.
    [Theory]
    [InlineData("x,,y", 2, "found ',', expected: identifier after ','")]
    [InlineData(",x,y", 0, "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("x nott in (y)", 2, "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("a in (xyz),", 11, "found '', expected: identifier after ','")]
    [InlineData("a in (xyz)b notin ()", 10, "found 'b', expected: ',' or 'end of string'")]
    [InlineData("a in (xyz abc)", 10, "unable to parse requirement: found 'abc', expected: ',' or ')'")]
    [InlineData("a notin(", 8, "unable to parse requirement: found '', expected: ',', ')' or identifier")]
    [InlineData("a (", 2, "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("(", 0, "found '(', expected: !, identifier, or 'end of string'")]
    [InlineData("x==a==b", 4, "found '==', expected: ',' or 'end of string'")]
    [InlineData("!x=a", 2, "found '=', expected: ',' or 'end of string'")]
    [InlineData("!", 1, "unable to parse requirement: found '', expected: identifier")]
    [InlineData("x in a", 5, "unable to parse requirement: found 'a' expected: '('")]
    [InlineData("x=(", 2, "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("x in (a,=)", 8, "unable to parse requirement: found '=', expected: ',', or identifier")]
    public void TestSetSelectorParser_invalid(string text, int position, string reason)
    {
        var error = Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse(text));

        Assert.Equal(reason, error.Reason);
        Assert.Equal(position, error.Position);
        Assert.Equal(text, error.Selector);
        Assert.Equal($"invalid label selector \"{text}\" at position {position}: {reason}", error.Message);
        Assert.IsAssignableFrom<FormatException>(error);
    }

    // TestSetSelectorParser's "x=a||y=b": the value "a||y" is not a label value.
    [Fact]
    public void Invalid_values_are_reported_at_the_requirement()
    {
        var bar = Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse("x=a||y=b"));
        Assert.Equal(0, bar.Position);
        Assert.StartsWith("unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label must be", bar.Reason, StringComparison.Ordinal);

        var error = Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse("app=erlmcp, shard<a"));

        Assert.Equal(12, error.Position);
        Assert.Equal(
            "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
            error.Reason);
    }

    [Fact]
    public void Invalid_keys_are_reported_with_upstream_wording()
    {
        var error = Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse("tier=a,-bad=b"));

        Assert.Equal(7, error.Position);
        Assert.Equal(
            "unable to parse requirement: key: Invalid value: \"-bad\": name part must consist of alphanumeric characters, "
            + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
            + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            error.Reason);
    }

    [Theory]
    [InlineData("a/b/c")]
    [InlineData("/x")]
    [InlineData("Example.com/x")]
    [InlineData("x/")]
    [InlineData("k\u00e9y")]
    public void Invalid_keys_are_rejected(string key)
    {
        Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse(key));
    }

    [Fact]
    public void Key_name_and_value_lengths_are_limited_as_upstream()
    {
        var name63 = new string('a', 63);
        var prefix253 = string.Join('.', Enumerable.Repeat(new string('p', 63), 4))[..253];

        Assert.Equal($"{prefix253}/{name63}={name63}", LabelSelector.Parse($"{prefix253}/{name63}={name63}").ToString());
        Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse(new string('a', 64)));
        Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse($"x={new string('a', 64)}"));
        Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse($"p{prefix253}/x"));
    }

    [Fact]
    public void Gt_and_lt_compare_integers_and_never_match_other_values()
    {
        var selector = LabelSelector.Parse("shard>3,shard<10");

        Assert.True(selector.Matches(Labels(("shard", "4"))));
        Assert.False(selector.Matches(Labels(("shard", "10"))));
        Assert.False(selector.Matches(Labels(("shard", "3"))));
        Assert.False(selector.Matches(Labels(("shard", "four"))));
        Assert.False(selector.Matches(Labels()));
    }

    [Fact]
    public void Set_based_requirements_match_as_upstream()
    {
        var selector = LabelSelector.Parse("tier in (a,b),env notin (prod)");

        Assert.True(selector.Matches(Labels(("tier", "a"))));
        Assert.True(selector.Matches(Labels(("tier", "b"), ("env", "dev"))));
        Assert.False(selector.Matches(Labels(("tier", "b"), ("env", "prod"))));
        Assert.False(selector.Matches(Labels(("tier", "c"))));
        Assert.False(selector.Matches(Labels(("env", "dev"))));
    }

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    private static Dictionary<string, string> LabelSet(string text) =>
        text.Length == 0
            ? []
            : text.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
}
