using System.Globalization;
using System.Text;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// Filters (RFC 7644 §3.4.2.2) from a small grammar — attribute paths with sub-attributes, value paths and extension
/// URNs, every operator in any case, and/or/not and parentheses, strings with escapes, numbers, dates, bools, null —
/// then sometimes damaged, or replaced by garbage.
/// </summary>
internal sealed class FilterGenerator(RandomText text)
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /// <summary>Attribute paths of Users and Groups, valid and not.</summary>
    public static readonly string[] Paths =
    [
        "userName", "displayName", "name.givenName", "name.familyName", "name.formatted", "name", "emails", "emails.value",
        "emails.type", "emails.primary", "emails[type eq \"work\"].value", "phoneNumbers.value", "addresses.locality",
        "active", "title", "externalId", "id", "meta.created", "meta.lastModified", "meta.resourceType", "meta.version",
        "meta", "members", "members.value", "members.display", "members.type", "groups", "groups.value", "groups.display",
        "nickName", "locale", "timezone", "password", "x509Certificates.value", "roles.value", "schemas",
        $"{Enterprise}:employeeNumber", $"{Enterprise}:department", $"{Enterprise}:manager", $"{Enterprise}:manager.value",
        $"{Enterprise}:manager.displayName", "urn:ietf:params:scim:schemas:core:2.0:User:userName",
        "urn:ietf:params:scim:schemas:core:2.0:Group:displayName", "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
        "urn:unknown:ext:attr", "unknownAttribute", "name.unknown", "emails.value.value", "$ref", "a.b.c.d",
    ];

    private static readonly string[] Escapes = ["a\\\"b", "\\\\", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\/", "\\b\\f\\n\\r\\t", "\\u0000", "\\q"];

    private static readonly string[] Operators = ["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"];

    private static readonly string[] Garbage =
    [
        "", " ", "(", ")", "()", "not", "not ()", "and", "userName", "userName eq", "eq \"a\"", "userName eq \"", "userName eq \"a",
        "userName eq 'a'", "userName == \"a\"", "userName eq \"a\" and", "userName eq \"a\" or or userName eq \"b\"",
        "emails[", "emails[]", "emails[type eq \"work\"", "emails[type eq \"work\"]]", "members[value eq \"x\"].value eq \"y\"",
        "userName pr pr", "userName eq \"a\" \"b\"", "userName eq null null", "userName eq \"\\\"", "userName eq \"\\x\"",
        "userName eq \"\\u12\"", "userName eq \"\\ud800\"", "userName eq \"\\udc00\\ud800\"", "userName eq 1e99999",
        "userName eq -", "userName eq 0x10", "userName eq .5", "userName eq 01", "userName eq truefalse",
        "meta.created gt \"not-a-date\"", "meta.created gt \"2024-13-45T99:99:99Z\"", "meta.created gt \"-99999-01-01T00:00:00Z\"",
        "meta.created gt \"99999-01-01T00:00:00Z\"", "meta.created gt \"0001-01-01T00:00:00+14:00\"",
        "meta.created lt \"9999-12-31T23:59:59-14:00\"", "urn:ietf:params:scim:schemas:core:2.0:User:", ":userName eq \"a\"",
        "urn:eq \"a\"", "userName eq \"a\"\u0000", "\u0000", "userName\teq\t\"a\"", "userName  eq  \"a\"", "USERNAME EQ \"A\"",
        "not userName eq \"a\"", "not(not(not(userName pr)))", "((userName pr)", "userName pr)", "emails[value pr] pr",
        "emails[emails[value pr]]", "members[value eq \"a\" or display co \"b\"]", "groups[not (value pr)]",
    ];

    public string Next()
    {
        var filter = text.Random.Next(11) switch
        {
            0 => text.Pick(Garbage),
            1 => text.Next(),
            2 => Deep(text.Pick(new[] { 10, 50, 100, 500, 5_000 })),
            3 => Costly(),
            _ => Expression(0),
        };
        return text.Chance(25) ? Damage(filter) : filter;
    }

    private string Expression(int depth)
    {
        var roll = text.Random.Next(depth > 3 ? 6 : 12);
        return roll switch
        {
            < 6 => Comparison(Path()),
            6 or 7 => $"{Expression(depth + 1)} {Keyword(text.Chance(50) ? "and" : "or")} {Expression(depth + 1)}",
            8 => $"{Keyword("not")}{(text.Chance(80) ? " " : "")}({Expression(depth + 1)})",
            9 => $"({Expression(depth + 1)})",
            _ => $"{text.Pick(new[] { "emails", "members", "groups", "addresses", "phoneNumbers", "name", "userName", $"{Enterprise}:manager" })}[{Expression(depth + 2)}]",
        };
    }

    private string Comparison(string path) => text.Chance(12)
        ? $"{path} {Keyword("pr")}"
        : $"{path} {Keyword(text.Pick(Operators))} {Value()}";

    public string Path() => text.Chance(90) ? text.Pick(Paths) : text.FlipCase(text.Pick(Paths));

    private string Keyword(string keyword) => text.Chance(80) ? keyword : text.FlipCase(keyword);

    public string Value() => text.Random.Next(12) switch
    {
        0 => "true",
        1 => "false",
        2 => "null",
        3 => text.Random.Next(int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture),
        4 => text.Pick(new[] { "0", "-0", "1.5", "-1.5e10", "1E+2", "9223372036854775808", "1e400", "0.0000001" }),
        5 => Quote(text.Pick(new[] { "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.1234567+02:00", "2024-01-01", "1970-01-01T00:00:00",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "2024-02-30T00:00:00Z", "2024-01-01T00:00:00+25:00" })),
        6 => Quote(text.Next()),
        7 => "\"" + text.Pick(Escapes.Where(e => KnownBugs.GenerateNulInStrings || e != "\\u0000").ToList()) + "\"",
        _ => Quote(text.Chance(50) ? "work" : text.Ascii(text.Random.Next(0, 10))),
    };

    /// <summary>A JSON-style string literal for the text (filters use JSON string syntax).</summary>
    private static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>
    /// Issue #10: the filters that cost the most per character — a term that reads every document (an undeclared
    /// extension, a value filter, <c>pr</c>, substrings inside brackets) or an indexed lookup, repeated around and far
    /// past the server's limits (10 scan terms, 100 terms), up to the 4,096-character length limit.
    /// </summary>
    public string Costly()
    {
        var term = text.Pick(new[]
        {
            "urn:a:b:User:k pr", "urn:a:b:User:k.x gt 1", "nickName pr", "ims[value pr]", "emails.value co \"a\"",
            "name.familyName sw \"x\"", $"{Enterprise}:manager.value ne \"m\"", "userName eq \"u\"", "externalId eq \"e\"",
            "not (nickName eq \"n\")", "meta.lastModified gt \"2024-01-01T00:00:00Z\"",
        });
        var times = text.Pick(new[] { 2, 9, 10, 11, 99, 100, 101, 164, 195, 273, 1_000 });
        var joiner = text.Chance(80) ? " or " : " and ";
        var filter = string.Join(joiner, Enumerable.Repeat(term, times));
        if (text.Chance(20))
        {
            // The same count of conditions inside one value filter: every value of every user is read.
            filter = "emails[" + string.Join(" or ", Enumerable.Range(0, times).Select(i => $"value co \"{i}\"")) + "]";
        }
        return text.Chance(20) ? $"userName eq \"u\" and ({filter})" : filter;
    }

    private string Deep(int depth) => DeepUpTo(KnownBugs.GenerateFiltersThousandsDeep ? depth : Math.Min(depth, 500));

    private string DeepUpTo(int depth) => text.Random.Next(3) switch
    {
        0 => new string('(', depth) + "userName pr" + new string(')', depth),
        1 => string.Concat(Enumerable.Repeat("not (", depth)) + "userName pr" + new string(')', depth),
        _ => string.Join(" or ", Enumerable.Range(0, depth).Select(i => $"userName eq \"u{i}\"")),
    };

    /// <summary>Cuts, doubles or breaks a filter in one place.</summary>
    public string Damage(string filter)
    {
        if (filter.Length == 0)
        {
            return text.Next();
        }
        var at = text.Random.Next(filter.Length);
        return text.Random.Next(5) switch
        {
            0 => filter[..at],
            1 => filter[..at] + filter[at..] + filter[at..],
            2 => filter[..at] + text.Pick(new[] { "\"", "(", ")", "[", "]", " and ", " not ", "\\", ".", ":", " " }) + filter[at..],
            3 => filter.Remove(at, 1),
            _ => filter[..at] + text.Next() + filter[at..],
        };
    }
}
