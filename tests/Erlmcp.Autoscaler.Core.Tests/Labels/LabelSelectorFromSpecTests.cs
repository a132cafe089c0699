using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Tests.Labels;

/// <summary>Upstream helpers_test.go: TestLabelSelectorAsSelector.</summary>
public class LabelSelectorFromSpecTests
{
    private static readonly Dictionary<string, string> MatchLabels = new() { ["foo"] = "bar" };
    private static readonly LabelSelectorRequirement[] MatchExpressions = [new("baz", "In", ["qux", "norf"])];

    [Fact]
    public void TestLabelSelectorAsSelector_nil_selects_nothing()
    {
        Assert.Same(LabelSelector.Nothing, LabelSelector.FromSpec(null));
    }

    [Fact]
    public void TestLabelSelectorAsSelector_empty_selects_everything()
    {
        Assert.Same(LabelSelector.Everything, LabelSelector.FromSpec(LabelSelectorSpec.Empty));
        Assert.Same(LabelSelector.Everything, LabelSelector.FromSpec(new LabelSelectorSpec(null!, null!)));
    }

    [Fact]
    public void TestLabelSelectorAsSelector_match_labels()
    {
        Assert.Equal(LabelSelector.Parse("foo=bar"), LabelSelector.FromSpec(new LabelSelectorSpec(MatchLabels, [])));
    }

    [Fact]
    public void TestLabelSelectorAsSelector_match_expressions()
    {
        var selector = LabelSelector.FromSpec(new LabelSelectorSpec(new Dictionary<string, string>(), MatchExpressions));

        Assert.Equal("baz in (norf,qux)", selector.ToString());
        // The spec's values keep their order inside the selector; only the printed form sorts them.
        Assert.Equal(["qux", "norf"], selector.Requirements[0].Values);
    }

    [Fact]
    public void TestLabelSelectorAsSelector_match_labels_and_expressions()
    {
        var selector = LabelSelector.FromSpec(new LabelSelectorSpec(MatchLabels, MatchExpressions));

        Assert.Equal(LabelSelector.Parse("baz in (norf,qux),foo=bar").ToString(), selector.ToString());
        Assert.True(selector.Matches(new Dictionary<string, string> { ["foo"] = "bar", ["baz"] = "norf" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["foo"] = "bar", ["baz"] = "other" }));
    }

    [Fact]
    public void TestLabelSelectorAsSelector_exists_with_values_is_an_error()
    {
        var spec = new LabelSelectorSpec(new Dictionary<string, string>(), [new("baz", "Exists", ["qux", "norf"])]);

        var error = Assert.Throws<LabelSelectorException>(() => LabelSelector.FromSpec(spec));
        Assert.Equal(
            "matchExpressions[0].values: Invalid value: [\"qux\", \"norf\"]: values set must be empty for exists and does not exist",
            error.Message);
    }

    [Fact]
    public void Every_operator_of_the_spec_maps_to_its_requirement()
    {
        var spec = new LabelSelectorSpec(
            new Dictionary<string, string> { ["app"] = "erlmcp" },
            [
                new("tier", "In", ["a", "b"]),
                new("env", "NotIn", ["prod"]),
                new("shard", "Exists", []),
                new("canary", "DoesNotExist", null!),
            ]);

        var selector = LabelSelector.FromSpec(spec);

        Assert.Equal("app=erlmcp,!canary,env notin (prod),shard,tier in (a,b)", selector.ToString());
        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "erlmcp", ["tier"] = "a", ["shard"] = "1" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "erlmcp", ["tier"] = "a", ["shard"] = "1", ["canary"] = "" }));
    }

    [Fact]
    public void An_unknown_operator_names_the_expression()
    {
        var spec = new LabelSelectorSpec(
            new Dictionary<string, string>(),
            [new("tier", "In", ["a"]), new("shard", "Gt", ["3"])]);

        var error = Assert.Throws<LabelSelectorException>(() => LabelSelector.FromSpec(spec));
        Assert.Equal(
            "matchExpressions[1].operator: \"Gt\" is not a valid label selector operator (expected In, NotIn, Exists or DoesNotExist)",
            error.Message);
    }

    [Fact]
    public void An_invalid_match_label_names_its_key()
    {
        var spec = new LabelSelectorSpec(new Dictionary<string, string> { ["app"] = "not valid" }, []);

        var error = Assert.Throws<LabelSelectorException>(() => LabelSelector.FromSpec(spec));
        Assert.StartsWith("matchLabels[app].values[0][app]: Invalid value: \"not valid\": a valid label must be", error.Message, StringComparison.Ordinal);
    }
}
