namespace Erlmcp.Autoscaler.Core.Labels;

/// <summary>
/// Whether a keyword is read as an operator or as a plain word: in <c>x in (in)</c> the second <c>in</c> is a value.
/// </summary>
internal enum ParserContext
{
    KeyAndOperator,
    Values,
}

/// <summary>
/// Recursive-descent parser of the label selector grammar (upstream's labels.Parser):
/// <code>
/// selector    ::= requirement | requirement "," selector
/// requirement ::= ["!"] KEY [ ("in" | "notin") "(" values ")" | ("=" | "==" | "!=" | "&gt;" | "&lt;") VALUE ]
/// values      ::= VALUE | VALUE "," values     (a value may be empty)
/// </code>
/// Errors are <see cref="LabelSelectorException"/> naming the selector and the offending token's position.
/// </summary>
internal sealed class SelectorParser(string text)
{
    private readonly List<ScannedItem> items = [];
    private int current;

    /// <summary>The requirements in the order written.</summary>
    public List<Requirement> Parse()
    {
        Scan();
        var requirements = new List<Requirement>();
        while (true)
        {
            var next = Lookahead(ParserContext.Values);
            switch (next.Token)
            {
                case SelectorToken.Identifier or SelectorToken.DoesNotExist:
                    requirements.Add(ParseRequirement());
                    var separator = Consume(ParserContext.Values);
                    switch (separator.Token)
                    {
                        case SelectorToken.EndOfString:
                            return requirements;
                        case SelectorToken.Comma:
                            var afterComma = Lookahead(ParserContext.Values);
                            if (afterComma.Token is not (SelectorToken.Identifier or SelectorToken.DoesNotExist))
                            {
                                throw Error(afterComma, $"found '{afterComma.Literal}', expected: identifier after ','");
                            }

                            break;
                        default:
                            throw Error(separator, $"found '{separator.Literal}', expected: ',' or 'end of string'");
                    }

                    break;
                case SelectorToken.EndOfString:
                    return requirements;
                default:
                    throw Error(next, $"found '{next.Literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    /// <summary>Reads every token ahead, so the parser can look one token ahead.</summary>
    internal void Scan()
    {
        var lexer = new SelectorLexer(text);
        ScannedItem item;
        do
        {
            item = lexer.Lex();
            items.Add(item);
        }
        while (item.Token != SelectorToken.EndOfString);
    }

    /// <summary>The current token, not consumed.</summary>
    internal ScannedItem Lookahead(ParserContext context) => InContext(items[current], context);

    /// <summary>The current token, consumed. Past the end it keeps answering end of string.</summary>
    internal ScannedItem Consume(ParserContext context)
    {
        var item = items[current];
        if (current < items.Count - 1)
        {
            current++;
        }

        return InContext(item, context);
    }

    /// <summary>Reads a binary operator.</summary>
    internal SelectionOperator ParseOperator()
    {
        var item = Consume(ParserContext.KeyAndOperator);
        return item.Token switch
        {
            SelectorToken.In => SelectionOperator.In,
            SelectorToken.Equals => SelectionOperator.Equals,
            SelectorToken.DoubleEquals => SelectionOperator.DoubleEquals,
            SelectorToken.GreaterThan => SelectionOperator.GreaterThan,
            SelectorToken.LessThan => SelectionOperator.LessThan,
            SelectorToken.NotIn => SelectionOperator.NotIn,
            SelectorToken.NotEquals => SelectionOperator.NotEquals,
            _ => throw Error(item, $"found '{item.Literal}', expected: {SelectionOperatorNames.BinaryList}", requirement: true),
        };
    }

    private static ScannedItem InContext(ScannedItem item, ParserContext context) =>
        context == ParserContext.Values && item.Token is SelectorToken.In or SelectorToken.NotIn
            ? item with { Token = SelectorToken.Identifier }
            : item;

    private Requirement ParseRequirement()
    {
        var start = Lookahead(ParserContext.Values);
        var (key, inferred) = ParseKeyAndInferOperator();
        SelectionOperator op;
        string[] values;
        if (inferred is { } unary)
        {
            op = unary;
            values = [];
        }
        else
        {
            op = ParseOperator();
            values = op is SelectionOperator.In or SelectionOperator.NotIn ? ParseValues() : ParseExactValue();
        }

        var error = Requirement.Validate(key, op, values, path: null);
        return error is null
            ? Requirement.CreateValidated(key, op, values)
            : throw Error(start, error, requirement: true);
    }

    // After '!' the operator is DoesNotExist whatever follows (so "!x=a" fails on the '='); with nothing after the
    // key (end of string or a comma) it is Exists. Otherwise null: a binary operator follows.
    private (string Key, SelectionOperator? Operator) ParseKeyAndInferOperator()
    {
        SelectionOperator? op = null;
        var item = Consume(ParserContext.Values);
        if (item.Token == SelectorToken.DoesNotExist)
        {
            op = SelectionOperator.DoesNotExist;
            item = Consume(ParserContext.Values);
        }

        if (item.Token != SelectorToken.Identifier)
        {
            throw Error(item, $"found '{item.Literal}', expected: identifier", requirement: true);
        }

        var keyErrors = LabelValidation.LabelKeyErrors(item.Literal);
        if (keyErrors.Count > 0)
        {
            throw Error(item, $"key: Invalid value: \"{item.Literal}\": {string.Join("; ", keyErrors)}", requirement: true);
        }

        if (Lookahead(ParserContext.Values).Token is SelectorToken.EndOfString or SelectorToken.Comma)
        {
            op ??= SelectionOperator.Exists;
        }

        return (item.Literal, op);
    }

    // "(a,b)"; empty entries are empty values: "()" and "(,)" hold "". Returned sorted and without duplicates.
    private string[] ParseValues()
    {
        var open = Consume(ParserContext.Values);
        if (open.Token != SelectorToken.OpenPar)
        {
            throw Error(open, $"found '{open.Literal}' expected: '('", requirement: true);
        }

        var first = Lookahead(ParserContext.Values);
        switch (first.Token)
        {
            case SelectorToken.Identifier or SelectorToken.Comma:
                var values = ParseIdentifiersList();
                var close = Consume(ParserContext.Values);
                if (close.Token != SelectorToken.ClosedPar)
                {
                    throw Error(close, $"found '{close.Literal}', expected: ')'", requirement: true);
                }

                return values;
            case SelectorToken.ClosedPar:
                Consume(ParserContext.Values);
                return [""];
            default:
                throw Error(first, $"found '{first.Literal}', expected: ',', ')' or identifier", requirement: true);
        }
    }

    private string[] ParseIdentifiersList()
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var item = Consume(ParserContext.Values);
            switch (item.Token)
            {
                case SelectorToken.Identifier:
                    values.Add(item.Literal);
                    var next = Lookahead(ParserContext.Values);
                    switch (next.Token)
                    {
                        case SelectorToken.Comma:
                            continue;
                        case SelectorToken.ClosedPar:
                            return [.. values];
                        default:
                            throw Error(next, $"found '{next.Literal}', expected: ',' or ')'", requirement: true);
                    }

                case SelectorToken.Comma:
                    // A comma with nothing before it ("(,"), after it (",)") or between two (",,") is an empty value.
                    if (values.Count == 0)
                    {
                        values.Add("");
                    }

                    var following = Lookahead(ParserContext.Values).Token;
                    if (following == SelectorToken.ClosedPar)
                    {
                        values.Add("");
                        return [.. values];
                    }

                    if (following == SelectorToken.Comma)
                    {
                        Consume(ParserContext.Values);
                        values.Add("");
                    }

                    break;
                default:
                    throw Error(item, $"found '{item.Literal}', expected: ',', or identifier", requirement: true);
            }
        }
    }

    // The value after =, ==, !=, > or <; nothing before a comma or the end is the empty value.
    private string[] ParseExactValue()
    {
        if (Lookahead(ParserContext.Values).Token is SelectorToken.EndOfString or SelectorToken.Comma)
        {
            return [""];
        }

        var item = Consume(ParserContext.Values);
        return item.Token == SelectorToken.Identifier
            ? [item.Literal]
            : throw Error(item, $"found '{item.Literal}', expected: identifier", requirement: true);
    }

    private LabelSelectorException Error(ScannedItem at, string reason, bool requirement = false) =>
        new(requirement ? "unable to parse requirement: " + reason : reason, text, at.Position);
}
