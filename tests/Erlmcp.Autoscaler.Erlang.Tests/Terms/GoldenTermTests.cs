using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms;

/// <summary>Our codec against the bytes of a real Erlang, in both directions.</summary>
public sealed class GoldenTermTests(ErlangEncodingsFixture erlang) : IClassFixture<ErlangEncodingsFixture>
{
    [Theory]
    [MemberData(nameof(GoldenTermCases.Data), MemberType = typeof(GoldenTermCases))]
    public void Decodes_every_encoding_Erlang_produces(GoldenTermCase testCase)
    {
        var encodings = erlang[testCase.Name];
        var fromDefault = ErlangTermCodec.Decode(encodings.Default);
        if (testCase.Expected is not null)
        {
            Assert.Equal(testCase.Expected, fromDefault);
        }

        Assert.Equal(fromDefault, ErlangTermCodec.Decode(encodings.MinorVersion0));
        Assert.Equal(fromDefault, ErlangTermCodec.Decode(encodings.MinorVersion2));
        Assert.Equal(fromDefault, ErlangTermCodec.Decode(encodings.Compressed));
    }

    [Theory]
    [MemberData(nameof(GoldenTermCases.Data), MemberType = typeof(GoldenTermCases))]
    public void Encodes_the_bytes_of_term_to_binary_minor_version_2(GoldenTermCase testCase)
    {
        var expected = erlang[testCase.Name].MinorVersion2;
        var term = testCase.Expected ?? ErlangTermCodec.Decode(expected);
        if (testCase.SameBytes)
        {
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(ErlangTermCodec.Encode(term)));
        }
        else
        {
            // Maps: Erlang orders keys by its term order or its internal hash; the length must still agree.
            Assert.Equal(expected.Length, ErlangTermCodec.Encode(term).Length);
        }
    }

    [Fact]
    public async Task Erlang_decodes_our_encodings_to_the_same_terms()
    {
        var pairs = new List<(string, byte[], byte[])>();
        foreach (var testCase in GoldenTermCases.All)
        {
            var theirs = erlang[testCase.Name].Default;
            pairs.Add((testCase.Name + "/reencoded", theirs, ErlangTermCodec.Encode(ErlangTermCodec.Decode(theirs))));
            if (testCase.Expected is not null)
            {
                pairs.Add((testCase.Name + "/expected", theirs, ErlangTermCodec.Encode(testCase.Expected)));
            }
        }

        var verdicts = await ErlangEncodingsFixture.VerifyAsync(pairs);

        var failures = verdicts.Where(v => v.Value != "ok").Select(v => $"{v.Key}: {v.Value}").ToList();
        Assert.Equal(pairs.Count, verdicts.Count);
        Assert.Empty(failures);
    }
}
