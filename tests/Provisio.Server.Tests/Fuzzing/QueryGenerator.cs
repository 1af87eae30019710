using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// The parameters of a list or search (RFC 7644 §3.4.2–3.4.3, RFC 9865): filter, attributes, excludedAttributes,
/// sortBy, sortOrder, startIndex, count, cursor — as a query string or as a SearchRequest body, valid or not.
/// </summary>
internal sealed class QueryGenerator(RandomText text, FilterGenerator filters, KnownResources known)
{
    private const string SearchRequestSchema = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    private static readonly string[] Numbers =
    [
        "0", "1", "2", "-1", "10", "100", "1000", "1001", "2147483647", "2147483648", "-2147483649", "99999999999999999999",
        "1.5", "1e3", "abc", "", " 1", "0x10", "+5", "NaN",
    ];

    private static readonly string[] SortOrders = ["ascending", "descending", "Ascending", "DESCENDING", "asc", "up", ""];

    /// <summary>A query string (without '?') for GET /Users or /Groups, percent-encoded.</summary>
    public string QueryString()
    {
        var parameters = new List<(string Name, string Value)>();
        foreach (var (name, value) in Parameters())
        {
            parameters.Add((name, value));
        }
        if (text.Chance(5) && parameters.Count > 0)
        {
            // Repeated parameters (?count=1&count=2).
            parameters.Add(text.Pick(parameters));
        }
        var query = string.Join("&", parameters.Select(p => $"{Encode(p.Name)}={Encode(p.Value)}"));
        return text.Chance(3) ? query + text.Pick(new[] { "&", "&&", "=", "%", "%zz", "%FF%FE", "&filter", "#x" }) : query;
    }

    /// <summary>A SearchRequest body for POST .search; values sometimes of the wrong JSON type.</summary>
    public JsonObject SearchBody()
    {
        var body = new JsonObject();
        if (text.Chance(90))
        {
            body["schemas"] = new JsonArray(SearchRequestSchema);
        }
        foreach (var (name, value) in Parameters())
        {
            body[name] = name switch
            {
                "attributes" or "excludedAttributes" when text.Chance(60) => new JsonArray([.. value.Split(',').Select(v => (JsonNode)v)]),
                "startIndex" or "count" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && text.Chance(70) => number,
                "cursor" when value.Length == 0 && text.Chance(50) => null,
                _ => value,
            };
        }
        return body;
    }

    private IEnumerable<(string Name, string Value)> Parameters()
    {
        if (text.Chance(70))
        {
            yield return ("filter", filters.Next());
        }
        if (text.Chance(20))
        {
            yield return ("attributes", AttributeList());
        }
        if (text.Chance(15))
        {
            yield return ("excludedAttributes", AttributeList());
        }
        if (text.Chance(25))
        {
            yield return ("sortBy", text.Chance(85) ? filters.Path() : text.Next());
        }
        if (text.Chance(20))
        {
            yield return ("sortOrder", text.Chance(85) ? text.Pick(SortOrders) : text.Next());
        }
        var cursor = text.Chance(15);
        if (!cursor && text.Chance(30) || text.Chance(3))
        {
            yield return ("startIndex", text.Chance(90) ? text.Pick(Numbers) : text.Next());
        }
        if (text.Chance(40))
        {
            yield return ("count", text.Chance(90) ? text.Pick(Numbers) : text.Next());
        }
        if (cursor)
        {
            yield return ("cursor", Cursor());
        }
    }

    public string AttributeList() => string.Join(text.Chance(90) ? "," : text.Pick(new[] { ", ", ",,", ";", " " }),
        Enumerable.Range(0, text.Random.Next(1, 5)).Select(_ => text.Chance(85) ? filters.Path() : text.Next()));

    private string Cursor()
    {
        var real = known.Cursors.Count > 0 ? text.Pick(known.Cursors) : null;
        return text.Random.Next(6) switch
        {
            0 => "",
            1 when real is not null => real,
            2 when real is not null => filters.Damage(real),
            3 => Convert.ToBase64String(Encoding.UTF8.GetBytes(text.Next())),
            4 => text.Pick(new[] { "a", "====", "-_-_", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "%00", "null" }),
            _ => text.Next(),
        };
    }

    /// <summary>Percent-encodes a query or path part as UTF-8; a lone surrogate becomes its three raw (invalid) bytes.</summary>
    public static string Encode(string value)
    {
        value = FuzzJson.ResolveLoneSurrogates(value);
        var encoded = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                encoded.Append(c);
                continue;
            }
            byte[] bytes;
            if (char.IsSurrogatePair(value, i))
            {
                bytes = Encoding.UTF8.GetBytes(value.Substring(i++, 2));
            }
            else if (char.IsSurrogate(c))
            {
                bytes = [(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))];
            }
            else
            {
                bytes = Encoding.UTF8.GetBytes(c.ToString());
            }
            foreach (var b in bytes)
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return encoded.ToString();
    }
}
