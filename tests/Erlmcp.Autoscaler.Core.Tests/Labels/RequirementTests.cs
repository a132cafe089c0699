using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Tests.Labels;

/// <summary>
/// Upstream selector_test.go: TestRequirementConstructor, TestToString, TestRequirementSelectorMatching, TestAdd,
/// TestRequirementEqual. Upstream's rows built from the invalid zero Requirement have no counterpart: a
/// <see cref="Requirement"/> cannot be built invalid.
/// </summary>
public class RequirementTests
{
    public static TheoryData<string, SelectionOperator, string[], string?> ConstructorCases => new()
    {
        { "x1", SelectionOperator.In, [], "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty" },
        { "x2", SelectionOperator.NotIn, [], "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty" },
        { "x3", SelectionOperator.In, ["foo"], null },
        { "x4", SelectionOperator.NotIn, ["foo"], null },
        { "x5", SelectionOperator.Equals, ["bar", "foo"], "values: Invalid value: [\"bar\", \"foo\"]: exact-match compatibility requires one single value" },
        { "x6", SelectionOperator.Exists, [], null },
        { "x7", SelectionOperator.DoesNotExist, [], null },
        { "x8", SelectionOperator.Exists, ["foo"], "values: Invalid value: [\"foo\"]: values set must be empty for exists and does not exist" },
        { "x9", SelectionOperator.In, ["bar"], null },
        { "x10", SelectionOperator.In, ["bar"], null },
        { "x11", SelectionOperator.GreaterThan, ["1"], null },
        { "x12", SelectionOperator.LessThan, ["6"], null },
        { "x13", SelectionOperator.GreaterThan, [], "values: Invalid value: []: for 'Gt', 'Lt' operators, exactly one value is required" },
        { "x14", SelectionOperator.GreaterThan, ["bar"], "values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an integer" },
        { "x15", SelectionOperator.LessThan, ["bar"], "values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an integer" },
        // breaks DNS rule that len(key) <= 253 (the name part alone may have 63)
        { new string('a', 254), SelectionOperator.Exists, [], $"key: Invalid value: \"{new string('a', 254)}\": name part must be no more than 63 bytes" },
        { "x16", SelectionOperator.Equals, [new string('a', 254)], $"values[0][x16]: Invalid value: \"{new string('a', 254)}\": must be no more than 63 bytes" },
        { "x17", SelectionOperator.Equals, ["a b"], "values[0][x17]: Invalid value: \"a b\": a valid label must be an empty string" },
        // Older upstream table rows.
        { "1foo", SelectionOperator.In, ["bar"], null },
        { "1234", SelectionOperator.In, ["bar"], null },
    };

    // TestRequirementConstructor. Upstream compares field, type and bad value; here the message starts with them.
    [Theory]
    [MemberData(nameof(ConstructorCases))]
    public void TestRequirementConstructor(string key, SelectionOperator op, string[] values, string? errorStart)
    {
        if (errorStart is null)
        {
            var requirement = Requirement.Create(key, op, values);
            Assert.Equal(key, requirement.Key);
            Assert.Equal(op, requirement.Operator);
            Assert.Equal(values, requirement.Values);
        }
        else
        {
            var error = Assert.Throws<LabelSelectorException>(() => Requirement.Create(key, op, values));
            Assert.StartsWith(errorStart, error.Message, StringComparison.Ordinal);
            Assert.Null(error.Selector);
            Assert.Null(error.Position);
        }
    }

    [Fact]
    public void Every_broken_rule_is_reported_together()
    {
        var error = Assert.Throws<LabelSelectorException>(() => Requirement.Create("x y", SelectionOperator.GreaterThan, ["a", "b c"]));

        Assert.StartsWith("[key: Invalid value: \"x y\": name part must consist of", error.Message, StringComparison.Ordinal);
        Assert.Contains(", values: Invalid value: [\"a\", \"b c\"]: for 'Gt', 'Lt' operators, exactly one value is required", error.Message, StringComparison.Ordinal);
        Assert.Contains(", values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer", error.Message, StringComparison.Ordinal);
        Assert.Contains(", values[1]: Invalid value: \"b c\": for 'Gt', 'Lt' operators, the value must be an integer", error.Message, StringComparison.Ordinal);
        Assert.Contains(", values[1][x y]: Invalid value: \"b c\": a valid label must be", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x\n")]
    [InlineData("prefix.example/x\n")]
    public void A_trailing_newline_is_not_a_valid_key(string key)
    {
        Assert.Throws<LabelSelectorException>(() => Requirement.Create(key, SelectionOperator.Exists));
    }

    [Fact]
    public void A_trailing_newline_is_not_a_valid_value()
    {
        Assert.Throws<LabelSelectorException>(() => Requirement.Create("x", SelectionOperator.Equals, ["v\n"]));
    }

    // TestToString (the valid rows; the row with the zero Requirement cannot be built).
    [Fact]
    public void TestToString()
    {
        Assert.Equal("x in (abc,def),y notin (jkl),z", Selector(
            Requirement.Create("x", SelectionOperator.In, ["abc", "def"]),
            Requirement.Create("y", SelectionOperator.NotIn, ["jkl"]),
            Requirement.Create("z", SelectionOperator.Exists)));
        Assert.Equal("x notin (abc,def),y!=jkl,!z", Selector(
            Requirement.Create("x", SelectionOperator.NotIn, ["abc", "def"]),
            Requirement.Create("y", SelectionOperator.NotEquals, ["jkl"]),
            Requirement.Create("z", SelectionOperator.DoesNotExist)));
        Assert.Equal("x notin (abc),y in (jkl,mno),z notin ()", Selector(
            Requirement.Create("x", SelectionOperator.NotIn, ["abc"]),
            Requirement.Create("y", SelectionOperator.In, ["jkl", "mno"]),
            Requirement.Create("z", SelectionOperator.NotIn, [""])));
        Assert.Equal("x=abc,y==jkl,z!=a,z", Selector(
            Requirement.Create("x", SelectionOperator.Equals, ["abc"]),
            Requirement.Create("y", SelectionOperator.DoubleEquals, ["jkl"]),
            Requirement.Create("z", SelectionOperator.NotEquals, ["a"]),
            Requirement.Create("z", SelectionOperator.Exists)));
        Assert.Equal("x>2,y<8,z", Selector(
            Requirement.Create("x", SelectionOperator.GreaterThan, ["2"]),
            Requirement.Create("y", SelectionOperator.LessThan, ["8"]),
            Requirement.Create("z", SelectionOperator.Exists)));
    }

    [Fact]
    public void ToString_sorts_values_without_reordering_the_requirement()
    {
        var requirement = Requirement.Create("tier", SelectionOperator.In, ["b", "a"]);

        Assert.Equal("tier in (a,b)", requirement.ToString());
        Assert.Equal(["b", "a"], requirement.Values);
    }

    public static TheoryData<string, Requirement[], bool> MatchingCases => new()
    {
        { "x=foo,y=baz", [Requirement.Create("x", SelectionOperator.In, ["foo"]), Requirement.Create("y", SelectionOperator.NotIn, ["alpha"])], true },
        { "x=foo,y=baz", [Requirement.Create("x", SelectionOperator.In, ["foo"]), Requirement.Create("y", SelectionOperator.In, ["alpha"])], false },
        { "y=", [Requirement.Create("x", SelectionOperator.NotIn, [""]), Requirement.Create("y", SelectionOperator.Exists)], true },
        { "y=", [Requirement.Create("x", SelectionOperator.DoesNotExist), Requirement.Create("y", SelectionOperator.Exists)], true },
        { "y=", [Requirement.Create("x", SelectionOperator.NotIn, [""]), Requirement.Create("y", SelectionOperator.DoesNotExist)], false },
        { "y=baz", [Requirement.Create("x", SelectionOperator.In, [""])], false },
        { "z=2", [Requirement.Create("z", SelectionOperator.GreaterThan, ["1"])], true },
        { "z=v2", [Requirement.Create("z", SelectionOperator.GreaterThan, ["1"])], false },
    };

    // TestRequirementSelectorMatching.
    [Theory]
    [MemberData(nameof(MatchingCases))]
    public void TestRequirementSelectorMatching(string labels, Requirement[] requirements, bool match)
    {
        var set = labels.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

        Assert.Equal(match, LabelSelector.Everything.Add(requirements).Matches(set));
    }

    // TestAdd: keyInOperator, keyEqualsOperator.
    [Fact]
    public void TestAdd()
    {
        var key = Requirement.Create("key", SelectionOperator.In, ["value"]);
        var key2 = Requirement.Create("key2", SelectionOperator.Equals, ["value2"]);

        Assert.Equal([key], LabelSelector.Everything.Add(key).Requirements);
        Assert.Equal([key, key2], LabelSelector.Everything.Add(key).Add(key2).Requirements);
        Assert.Equal([key, key2], LabelSelector.Everything.Add(key2, key).Requirements);
        Assert.True(LabelSelector.Everything.IsEmpty);
    }

    // TestRequirementEqual.
    [Fact]
    public void TestRequirementEqual()
    {
        var same = Requirement.Create("key", SelectionOperator.In, ["foo", "bar"]);

        Assert.Equal(same, Requirement.Create("key", SelectionOperator.In, ["foo", "bar"]));
        Assert.NotEqual(same, Requirement.Create("key1", SelectionOperator.In, ["foo", "bar"]));
        Assert.NotEqual(same, Requirement.Create("key", SelectionOperator.NotIn, ["foo", "bar"]));
        Assert.NotEqual(same, Requirement.Create("key", SelectionOperator.In, ["foobar"]));
    }

    private static string Selector(params Requirement[] requirements) => LabelSelector.Everything.Add(requirements).ToString();
}
