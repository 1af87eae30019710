using System.Globalization;
using Provisio.Scim.Errors;

namespace Provisio.Scim.Filtering;

/// <summary>
/// Parses the RFC 7644 §3.4.2.2 filter grammar into a <see cref="FilterNode"/> tree: precedence is grouping, then
/// <c>not</c>, then <c>and</c>, then <c>or</c>; operators and keywords are case-insensitive. Errors are 400
/// <c>invalidFilter</c> with the position of the offending token.
/// </summary>
public sealed class FilterParser
{
    private static readonly Dictionary<string, ComparisonOperator> Operators = new()
    {
        ["eq"] = ComparisonOperator.Eq,
        ["ne"] = ComparisonOperator.Ne,
        ["co"] = ComparisonOperator.Co,
        ["sw"] = ComparisonOperator.Sw,
        ["ew"] = ComparisonOperator.Ew,
        ["gt"] = ComparisonOperator.Gt,
        ["ge"] = ComparisonOperator.Ge,
        ["lt"] = ComparisonOperator.Lt,
        ["le"] = ComparisonOperator.Le,
    };

    /// <summary>The longest filter accepted. IdP filters are under 300 characters; this bounds the parse and the SQL.</summary>
    public const int MaxLength = 4_096;

    /// <summary>How deeply parentheses and <c>not</c> may nest, so no filter can exhaust the stack.</summary>
    public const int MaxNesting = 32;

    private readonly List<FilterToken> tokens;
    private int index;
    private int nesting;

    private FilterParser(string text) => tokens = FilterLexer.Tokenize(text);

    public static FilterNode Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Error("The filter is empty.");
        }
        if (text.Length > MaxLength)
        {
            throw Error($"The filter is {text.Length} characters long; the limit is {MaxLength}.");
        }
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw Error("The filter holds a NUL character.");
        }
        var parser = new FilterParser(text);
        var node = parser.ParseOr();
        parser.Expect(FilterTokenKind.End, "end of filter");
        return node;
    }

    internal static ScimException Error(string detail) => ScimException.BadRequest(ScimErrorType.InvalidFilter, detail);

    private FilterToken Current => tokens[index];

    private FilterNode ParseOr()
    {
        var node = ParseAnd();
        while (IsKeyword("or"))
        {
            index++;
            node = new OrFilter(node, ParseAnd());
        }
        return node;
    }

    private FilterNode ParseAnd()
    {
        var node = ParseUnary();
        while (IsKeyword("and"))
        {
            index++;
            node = new AndFilter(node, ParseUnary());
        }
        return node;
    }

    private FilterNode ParseUnary()
    {
        if ((IsKeyword("not") || Current.Kind == FilterTokenKind.OpenParen) && nesting >= MaxNesting)
        {
            throw Error($"The filter nests parentheses deeper than {MaxNesting} levels at position {Current.Position}.");
        }
        if (IsKeyword("not"))
        {
            index++;
            Expect(FilterTokenKind.OpenParen, "'(' after 'not'");
            var inner = ParseNested();
            Expect(FilterTokenKind.CloseParen, "')'");
            return new NotFilter(inner);
        }
        if (Current.Kind == FilterTokenKind.OpenParen)
        {
            index++;
            var inner = ParseNested();
            Expect(FilterTokenKind.CloseParen, "')'");
            return inner;
        }
        return ParseAttributeExpression();
    }

    private FilterNode ParseNested()
    {
        nesting++;
        var inner = ParseOr();
        nesting--;
        return inner;
    }

    private FilterNode ParseAttributeExpression()
    {
        var token = Current;
        if (token.Kind != FilterTokenKind.Word)
        {
            throw Error($"Expected an attribute name at position {token.Position}.");
        }
        var path = AttributePath.TryParse(token.Text)
            ?? throw Error($"'{token.Text}' at position {token.Position} is not an attribute name; a filter is 'attribute operator value'.");
        index++;
        if (Current.Kind == FilterTokenKind.OpenBracket)
        {
            return ParseValuePath(path);
        }
        return ParseComparison(path);
    }

    private ValuePathFilter ParseValuePath(AttributePath path)
    {
        if (path.SubAttribute is not null)
        {
            throw Error($"A value filter applies to a multi-valued attribute, not to '{path}'.");
        }
        index++;
        var inner = ParseOr();
        Expect(FilterTokenKind.CloseBracket, "']'");
        // emails[type eq "work"].value eq "x" (sent by Entra) means: some email of type work has that value.
        if (Current.Kind == FilterTokenKind.Word && Current.Text.StartsWith('.'))
        {
            var sub = Current.Text[1..];
            if (!AttributePath.IsAttributeName(sub))
            {
                throw Error($"'{sub}' at position {Current.Position + 1} is not a sub-attribute name.");
            }
            index++;
            inner = new AndFilter(inner, ParseComparison(new AttributePath(null, sub, null)));
        }
        return new ValuePathFilter(path, inner);
    }

    private FilterNode ParseComparison(AttributePath path)
    {
        var token = Current;
        if (token.Kind != FilterTokenKind.Word)
        {
            throw Error($"Expected an operator after '{path}' at position {token.Position}.");
        }
        var name = token.Text.ToLowerInvariant();
        index++;
        if (name == "pr")
        {
            return new PresentFilter(path);
        }
        if (!Operators.TryGetValue(name, out var op))
        {
            throw Error($"'{token.Text}' at position {token.Position} is not a filter operator (eq ne co sw ew pr gt ge lt le).");
        }
        return new ComparisonFilter(path, op, ParseValue());
    }

    private object? ParseValue()
    {
        var token = Current;
        index++;
        switch (token.Kind)
        {
            case FilterTokenKind.String:
                return token.Text;
            case FilterTokenKind.Word:
                switch (token.Text.ToLowerInvariant())
                {
                    case "true":
                        return true;
                    case "false":
                        return false;
                    case "null":
                        return null;
                }
                if (decimal.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return number;
                }
                // Okta's newer test and Entra's docs send unquoted values (userName eq a@b.c): read them as strings.
                return token.Text;
            default:
                throw Error($"Expected a value at position {token.Position}.");
        }
    }

    private bool IsKeyword(string keyword) =>
        Current.Kind == FilterTokenKind.Word && string.Equals(Current.Text, keyword, StringComparison.OrdinalIgnoreCase);

    private void Expect(FilterTokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            var found = Current.Kind == FilterTokenKind.End ? "the end of the filter" : $"'{Current.Text}'";
            throw Error($"Expected {what} at position {Current.Position}, found {found}.");
        }
        index++;
    }
}
