using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Provisio.Scim.Filtering;

/// <summary>
/// How SCIM values compare, in one place, so the in-memory evaluator and the SQL back ends agree: case-insensitive
/// strings are folded to lower case (invariant), strings order by code point (the order of their UTF-8 bytes), and
/// dateTimes compare as instants.
/// </summary>
public static partial class ScimValues
{
    /// <summary>
    /// Unicode simple lower-casing. .NET's invariant mode leaves U+0130 (İ) as it is, where Unicode (and PostgreSQL)
    /// map it to "i"; the mapping is applied here so every store folds alike.
    /// </summary>
    public static string Fold(string value)
    {
        var folded = value.ToLowerInvariant();
        return folded.Contains('\u0130', StringComparison.Ordinal) ? folded.Replace('\u0130', 'i') : folded;
    }

    /// <summary>Code-point order, which is UTF-8 byte order (what SQLite's BINARY and PostgreSQL's "C" collations use).</summary>
    public static int CompareOrdinal(string left, string right)
    {
        var a = left.EnumerateRunes();
        var b = right.EnumerateRunes();
        while (true)
        {
            var hasA = a.MoveNext();
            var hasB = b.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA.CompareTo(hasB);
            }
            var order = a.Current.Value.CompareTo(b.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }

    /// <summary>Reads an xsd:dateTime (RFC 7643 §2.3.5); a value with no offset is UTC.</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset instant)
    {
        instant = default;
        return XsdDateTime().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }

    /// <summary>An instant as a sortable integer (UTC ticks), for databases that lack a time type in JSON.</summary>
    public static long? InstantTicks(string? text) =>
        text is not null && TryParseDateTime(text, out var instant) ? instant.UtcTicks : null;

    [GeneratedRegex(@"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex XsdDateTime();

    internal static string Describe(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => new StringBuilder().Append(value).ToString(),
    };
}
