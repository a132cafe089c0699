using System.Collections.Frozen;

namespace Erlmcp.Autoscaler.Core.Labels;

/// <summary>The tokens of the label selector language (upstream's lexer Token, without its unreachable ErrorToken).</summary>
internal enum SelectorToken
{
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

/// <summary>A token, its text and the offset of its first character in the selector.</summary>
internal readonly record struct ScannedItem(SelectorToken Token, string Literal, int Position);

/// <summary>
/// Splits a selector into tokens as upstream's Lexer does: operators are the longest run of special characters
/// that forms a token, anything else up to a special character or a blank is an identifier or a keyword.
/// </summary>
internal sealed class SelectorLexer(string text)
{
    private static readonly FrozenDictionary<string, SelectorToken> Literals = new Dictionary<string, SelectorToken>
    {
        [")"] = SelectorToken.ClosedPar,
        [","] = SelectorToken.Comma,
        ["!"] = SelectorToken.DoesNotExist,
        ["=="] = SelectorToken.DoubleEquals,
        ["="] = SelectorToken.Equals,
        [">"] = SelectorToken.GreaterThan,
        ["in"] = SelectorToken.In,
        ["<"] = SelectorToken.LessThan,
        ["!="] = SelectorToken.NotEquals,
        ["notin"] = SelectorToken.NotIn,
        ["("] = SelectorToken.OpenPar,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private int position;

    /// <summary>The next token; <see cref="SelectorToken.EndOfString"/> once the text is consumed.</summary>
    public ScannedItem Lex()
    {
        while (position < text.Length && IsWhitespace(text[position]))
        {
            position++;
        }

        if (position == text.Length)
        {
            return new ScannedItem(SelectorToken.EndOfString, "", position);
        }

        return IsSpecialSymbol(text[position]) ? ScanSpecialSymbol() : ScanIdentifierOrKeyword();
    }

    private ScannedItem ScanIdentifierOrKeyword()
    {
        var start = position;
        while (position < text.Length && !IsSpecialSymbol(text[position]) && !IsWhitespace(text[position]))
        {
            position++;
        }

        var literal = text[start..position];
        var token = Literals.TryGetValue(literal, out var keyword) ? keyword : SelectorToken.Identifier;
        return new ScannedItem(token, literal, start);
    }

    // Every special character is a token by itself, so the first one always yields a token; longer runs
    // extend it only while they still spell a token ("!=" and "==").
    private ScannedItem ScanSpecialSymbol()
    {
        var start = position;
        var end = start + 1;
        while (end < text.Length && IsSpecialSymbol(text[end]) && Literals.ContainsKey(text[start..(end + 1)]))
        {
            end++;
        }

        position = end;
        var literal = text[start..end];
        return new ScannedItem(Literals[literal], literal, start);
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecialSymbol(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';
}
