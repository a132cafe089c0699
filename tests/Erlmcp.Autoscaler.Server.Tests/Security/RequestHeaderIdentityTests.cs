using Erlmcp.Autoscaler.Server.Security.Authentication.FrontProxy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Erlmcp.Autoscaler.Server.Tests.Security;

/// <summary>The front proxy's headers read into a user: upstream's TestRequestHeader table (headerrequest), with its case names.</summary>
public sealed class RequestHeaderIdentityTests
{
    public static TheoryData<string> Cases => [.. Table.Keys];

    private sealed record Case(string[] NameHeaders, string[] GroupHeaders, string[] ExtraPrefixes, (string Name, string[] Values)[] Headers, ExpectedUser? Expected);

    private sealed record ExpectedUser(string Name, string[] Groups, Dictionary<string, string[]> Extra);

    private static readonly Dictionary<string, Case> Table = new(StringComparer.Ordinal)
    {
        ["empty"] = new([], [], [], [], null),
        ["user no match"] = new(["X-Remote-User"], [], [], [], null),
        ["user match"] = new(["X-Remote-User"], [], [], [("X-Remote-User", ["Bob"])], new("Bob", [], [])),
        ["user exact match"] = new(["X-Remote-User"], [], [], [("Prefixed-X-Remote-User-With-Suffix", ["Bob"]), ("X-Remote-User-With-Suffix", ["Bob"])], null),
        ["user first match"] = new(
            ["X-Remote-User", "A-Second-X-Remote-User", "Another-X-Remote-User"],
            [],
            [],
            [
                ("X-Remote-User", ["", "First header, second value"]),
                ("A-Second-X-Remote-User", ["Second header, first value", "Second header, second value"]),
                ("Another-X-Remote-User", ["Third header, first value"]),
            ],
            new("Second header, first value", [], [])),
        ["user case-insensitive"] = new(["x-REMOTE-user"], [], [], [("X-Remote-User", ["Bob"])], new("Bob", [], [])),
        ["groups none"] = new(["X-Remote-User"], ["X-Remote-Group"], [], [("X-Remote-User", ["Bob"])], new("Bob", [], [])),
        ["groups all matches"] = new(
            ["X-Remote-User"],
            ["X-Remote-Group-1", "X-Remote-Group-2"],
            [],
            [("X-Remote-User", ["Bob"]), ("X-Remote-Group-1", ["one-a", "one-b"]), ("X-Remote-Group-2", ["two-a", "two-b"])],
            new("Bob", ["one-a", "one-b", "two-a", "two-b"], [])),
        ["groups case-insensitive"] = new(
            ["X-REMOTE-User"], ["X-REMOTE-Group"], [], [("X-Remote-User", ["Bob"]), ("X-Remote-Group", ["Users"])], new("Bob", ["Users"], [])),
        ["extra prefix matches case-insensitive"] = new(
            ["X-Remote-User"],
            ["X-Remote-Group-1", "X-Remote-Group-2"],
            ["X-Remote-Extra-1-", "X-Remote-Extra-2-"],
            [
                ("X-Remote-User", ["Bob"]),
                ("X-Remote-Group-1", ["one-a", "one-b"]),
                ("X-Remote-Group-2", ["two-a", "two-b"]),
                ("X-Remote-extra-1-key1", ["alfa", "bravo"]),
                ("X-Remote-Extra-1-Key2", ["charlie", "delta"]),
                ("X-Remote-Extra-1-", ["india", "juliet"]),
                ("X-Remote-extra-2-", ["kilo", "lima"]),
                ("X-Remote-extra-2-Key1", ["echo", "foxtrot"]),
                ("X-Remote-Extra-2-key2", ["golf", "hotel"]),
            ],
            new("Bob", ["one-a", "one-b", "two-a", "two-b"], new()
            {
                ["key1"] = ["alfa", "bravo", "echo", "foxtrot"],
                ["key2"] = ["charlie", "delta", "golf", "hotel"],
                [""] = ["india", "juliet", "kilo", "lima"],
            })),
        ["escaped extra keys"] = new(
            ["X-Remote-User"],
            ["X-Remote-Group"],
            ["X-Remote-Extra-"],
            [
                ("X-Remote-User", ["Bob"]),
                ("X-Remote-Group", ["one-a", "one-b"]),
                ("X-Remote-Extra-Alpha", ["alphabetical"]),
                ("X-Remote-Extra-Alph4num3r1c", ["alphanumeric"]),
                ("X-Remote-Extra-Percent%20encoded", ["percent encoded"]),
                ("X-Remote-Extra-Almost%zzpercent%xxencoded", ["not quite percent encoded"]),
                ("X-Remote-Extra-Example.com%2fpercent%2520encoded", ["url with double percent encoding"]),
                ("X-Remote-Extra-Example.com%2F%E4%BB%8A%E6%97%A5%E3%81%AF", ["url with unicode"]),
                ("X-Remote-Extra-Abc123!#$+.-_*\\^`~|'", ["header key legal characters"]),
            ],
            new("Bob", ["one-a", "one-b"], new()
            {
                ["alpha"] = ["alphabetical"],
                ["alph4num3r1c"] = ["alphanumeric"],
                ["percent encoded"] = ["percent encoded"],
                ["almost%zzpercent%xxencoded"] = ["not quite percent encoded"],
                ["example.com/percent%20encoded"] = ["url with double percent encoding"],
                ["example.com/今日は"] = ["url with unicode"],
                ["abc123!#$+.-_*\\^`~|'"] = ["header key legal characters"],
            })),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TestRequestHeader(string name)
    {
        var testCase = Table[name];
        var headers = new HeaderDictionary();
        foreach (var (header, values) in testCase.Headers)
        {
            headers[header] = new StringValues(values);
        }

        var user = RequestHeaderIdentity.Read(headers, new RequestHeaderNames(testCase.NameHeaders, testCase.GroupHeaders, testCase.ExtraPrefixes));

        if (testCase.Expected is not { } expected)
        {
            Assert.Null(user);
            return;
        }

        Assert.NotNull(user);
        Assert.Equal(expected.Name, user.Name);
        Assert.Equal(expected.Groups, user.Groups);
        Assert.Equal(expected.Extra.Keys.Order(StringComparer.Ordinal), user.Extra.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, values) in expected.Extra)
        {
            Assert.Equal(values, user.Extra[key]);
        }
    }

    [Fact]
    public void Clear_removes_the_username_group_and_every_extra_header_and_nothing_else()
    {
        var headers = new HeaderDictionary
        {
            ["X-Remote-User"] = "admin",
            ["x-remote-group"] = "system:masters",
            ["X-Remote-Extra-Scopes"] = "all",
            ["x-remote-extra-other"] = "x",
            ["X-Remote-Users"] = "kept: not a configured name",
            ["Accept"] = "application/json",
        };

        RequestHeaderIdentity.Clear(headers, RequestHeaderNames.Default);

        Assert.Equal(["X-Remote-Users", "Accept"], headers.Keys);
    }
}
