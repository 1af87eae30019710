using System.Text.Json;
using Provisio.Scim.Errors;

namespace Provisio.Scim.Filtering;

/// <summary>Splits a filter into words, JSON string literals and brackets.</summary>
internal static class FilterLexer
{
    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var kind = c switch
            {
                '(' => FilterTokenKind.OpenParen,
                ')' => FilterTokenKind.CloseParen,
                '[' => FilterTokenKind.OpenBracket,
                ']' => FilterTokenKind.CloseBracket,
                _ => (FilterTokenKind?)null,
            };
            if (kind is { } bracket)
            {
                tokens.Add(new FilterToken(bracket, c.ToString(), i++));
            }
            else if (c == '"')
            {
                var start = i;
                tokens.Add(new FilterToken(FilterTokenKind.String, ReadString(text, ref i), start));
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '[' or ']' or '"'))
                {
                    i++;
                }
                tokens.Add(new FilterToken(FilterTokenKind.Word, text[start..i], start));
            }
        }
        tokens.Add(new FilterToken(FilterTokenKind.End, "", text.Length));
        return tokens;
    }

    /// <summary>Reads a JSON string literal (RFC 7644: string values follow JSON rules, escapes included).</summary>
    private static string ReadString(string text, ref int i)
    {
        var start = i++;
        while (i < text.Length && text[i] != '"')
        {
            i += text[i] == '\\' ? 2 : 1;
        }
        if (i >= text.Length)
        {
            throw FilterParser.Error($"The string starting at position {start} is not closed.");
        }
        i++;
        if (IsPlain(text.AsSpan(start + 1, i - start - 2)))
        {
            // The common literal (a userName, an id) reads as itself: nothing in it for the JSON reader to decode or refuse.
            return text.Substring(start + 1, i - start - 2);
        }
        string value;
        try
        {
            value = JsonSerializer.Deserialize<string>(text.AsSpan(start, i - start))!;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw FilterParser.Error($"The string at position {start} has an invalid escape.");
        }
        return value.Contains('\0', StringComparison.Ordinal)
            ? throw FilterParser.Error($"The string at position {start} holds a NUL character.")
            : value;
    }

    /// <summary>Whether a literal's content means what it says in JSON: no escape, and no control character JSON refuses unescaped.</summary>
    private static bool IsPlain(ReadOnlySpan<char> content)
    {
        foreach (var c in content)
        {
            if (c is '\\' or < ' ')
            {
                return false;
            }
        }
        return true;
    }
}
