using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Tests.Labels;

/// <summary>Upstream selector_test.go: TestLexer, TestLexerSequence, TestParserLookahead, TestParseOperator.</summary>
public class SelectorLexerTests
{
    // TestLexer. Lex returns the longest valid token found; non-special characters are part of an identifier.
    [Theory]
    [InlineData("", "EndOfString")]
    [InlineData(",", "Comma")]
    [InlineData("notin", "NotIn")]
    [InlineData("in", "In")]
    [InlineData("=", "Equals")]
    [InlineData("==", "DoubleEquals")]
    [InlineData(">", "GreaterThan")]
    [InlineData("<", "LessThan")]
    [InlineData("!", "DoesNotExist")]
    [InlineData("!=", "NotEquals")]
    [InlineData("(", "OpenPar")]
    [InlineData(")", "ClosedPar")]
    [InlineData("~", "Identifier")]
    [InlineData("||", "Identifier")]
    public void TestLexer(string text, string token)
    {
        var item = new SelectorLexer(text).Lex();

        Assert.Equal(Enum.Parse<SelectorToken>(token), item.Token);
        Assert.Equal(text, item.Literal);
        Assert.Equal(0, item.Position);
    }

    // TestLexerSequence: the tokens before end of string.
    [Theory]
    [InlineData("key in ( value )", "Identifier In OpenPar Identifier ClosedPar")]
    [InlineData("key notin ( value )", "Identifier NotIn OpenPar Identifier ClosedPar")]
    [InlineData("key in ( value1, value2 )", "Identifier In OpenPar Identifier Comma Identifier ClosedPar")]
    [InlineData("key", "Identifier")]
    [InlineData("!key", "DoesNotExist Identifier")]
    [InlineData("()", "OpenPar ClosedPar")]
    [InlineData("x in (),y", "Identifier In OpenPar ClosedPar Comma Identifier")]
    [InlineData("== != (), = notin", "DoubleEquals NotEquals OpenPar ClosedPar Comma Equals NotIn")]
    [InlineData("key>2", "Identifier GreaterThan Identifier")]
    [InlineData("key<1", "Identifier LessThan Identifier")]
    public void TestLexerSequence(string text, string tokens)
    {
        var lexer = new SelectorLexer(text);
        var lexed = new List<SelectorToken>();
        for (var item = lexer.Lex(); item.Token != SelectorToken.EndOfString; item = lexer.Lex())
        {
            lexed.Add(item.Token);
        }

        Assert.Equal(ParseTokens(tokens), lexed);
    }

    [Fact]
    public void Lexer_records_where_each_token_starts()
    {
        var lexer = new SelectorLexer("  app!=a,\ttier in (x)");
        var positions = new List<(string, int)>();
        for (var item = lexer.Lex(); item.Token != SelectorToken.EndOfString; item = lexer.Lex())
        {
            positions.Add((item.Literal, item.Position));
        }

        Assert.Equal(
            [("app", 2), ("!=", 5), ("a", 7), (",", 8), ("tier", 10), ("in", 15), ("(", 18), ("x", 19), (")", 20)],
            positions);
    }

    // TestParserLookahead: lookahead and consume agree, and the scan ends with end of string.
    [Theory]
    [InlineData("key in ( value )", "Identifier In OpenPar Identifier ClosedPar EndOfString")]
    [InlineData("key notin ( value )", "Identifier NotIn OpenPar Identifier ClosedPar EndOfString")]
    [InlineData("key in ( value1, value2 )", "Identifier In OpenPar Identifier Comma Identifier ClosedPar EndOfString")]
    [InlineData("key", "Identifier EndOfString")]
    [InlineData("!key", "DoesNotExist Identifier EndOfString")]
    [InlineData("()", "OpenPar ClosedPar EndOfString")]
    [InlineData("", "EndOfString")]
    [InlineData("x in (),y", "Identifier In OpenPar ClosedPar Comma Identifier EndOfString")]
    [InlineData("== != (), = notin", "DoubleEquals NotEquals OpenPar ClosedPar Comma Equals NotIn EndOfString")]
    [InlineData("key>2", "Identifier GreaterThan Identifier EndOfString")]
    [InlineData("key<1", "Identifier LessThan Identifier EndOfString")]
    public void TestParserLookahead(string text, string tokens)
    {
        var parser = new SelectorParser(text);
        parser.Scan();
        var consumed = new List<SelectorToken>();
        while (true)
        {
            var ahead = parser.Lookahead(ParserContext.KeyAndOperator);
            var taken = parser.Consume(ParserContext.KeyAndOperator);
            Assert.Equal(ahead, taken);
            consumed.Add(taken.Token);
            if (taken.Token == SelectorToken.EndOfString)
            {
                break;
            }
        }

        Assert.Equal(ParseTokens(tokens), consumed);
    }

    [Fact]
    public void In_and_notin_are_identifiers_in_the_values_context()
    {
        var parser = new SelectorParser("in notin");
        parser.Scan();

        Assert.Equal(SelectorToken.In, parser.Lookahead(ParserContext.KeyAndOperator).Token);
        Assert.Equal(SelectorToken.Identifier, parser.Consume(ParserContext.Values).Token);
        Assert.Equal(SelectorToken.Identifier, parser.Lookahead(ParserContext.Values).Token);
        Assert.Equal(SelectorToken.NotIn, parser.Consume(ParserContext.KeyAndOperator).Token);
    }

    // TestParseOperator.
    [Theory]
    [InlineData("in", SelectionOperator.In)]
    [InlineData("=", SelectionOperator.Equals)]
    [InlineData("==", SelectionOperator.DoubleEquals)]
    [InlineData(">", SelectionOperator.GreaterThan)]
    [InlineData("<", SelectionOperator.LessThan)]
    [InlineData("notin", SelectionOperator.NotIn)]
    [InlineData("!=", SelectionOperator.NotEquals)]
    public void TestParseOperator_accepts_binary_operators(string text, SelectionOperator expected)
    {
        var parser = new SelectorParser(text);
        parser.Scan();

        Assert.Equal(expected, parser.ParseOperator());
    }

    [Theory]
    [InlineData("!")]
    [InlineData("exists")]
    [InlineData("(")]
    public void TestParseOperator_rejects_the_rest(string text)
    {
        var parser = new SelectorParser(text);
        parser.Scan();

        var error = Assert.Throws<LabelSelectorException>(() => parser.ParseOperator());
        Assert.Equal($"unable to parse requirement: found '{text}', expected: in, notin, =, ==, !=, gt, lt", error.Reason);
        Assert.Equal(0, error.Position);
    }

    private static List<SelectorToken> ParseTokens(string names) =>
        [.. names.Split(' ').Select(Enum.Parse<SelectorToken>)];
}
