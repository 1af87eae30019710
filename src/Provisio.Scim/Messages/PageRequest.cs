using System.Globalization;
using Provisio.Scim.Errors;

namespace Provisio.Scim.Messages;

/// <summary>Index paging (RFC 7644 §3.4.2.4): a 1-based start and a count.</summary>
public sealed record PageRequest(int StartIndex, int Count)
{
    /// <summary>
    /// Reads the query parameters as the RFC asks: a start below 1 is 1, a negative count is 0, a missing count is
    /// the default page size and a count above the maximum is capped rather than refused.
    /// </summary>
    public static PageRequest From(string? startIndex, string? count, int defaultCount, int maxCount)
    {
        var start = Math.Max(1, ParseOrDefault(startIndex, "startIndex", 1));
        var size = Math.Clamp(ParseOrDefault(count, "count", defaultCount), 0, maxCount);
        return new PageRequest(start, size);
    }

    private static int ParseOrDefault(string? text, string name, int fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"'{name}' must be an integer.");
        }
        return (int)Math.Clamp(value, int.MinValue, int.MaxValue);
    }
}
