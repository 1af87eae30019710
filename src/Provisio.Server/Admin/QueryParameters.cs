using System.Globalization;

namespace Provisio.Server.Admin;

/// <summary>
/// Reads the admin API's query parameters. Each is taken as text and read here, so a bad value gets a 400 that names
/// the parameter and the rule, rather than the framework's body-less binding failure.
/// </summary>
internal static class QueryParameters
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static int Limit(string? text) => Limit(text, DefaultLimit, MaxLimit);

    public static int Limit(string? text, int defaultLimit, int maxLimit)
    {
        if (string.IsNullOrEmpty(text))
        {
            return defaultLimit;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= maxLimit
            ? limit
            : throw Bad($"limit must be a whole number from 1 to {maxLimit} (default {defaultLimit}).");
    }

    /// <summary>A cursor this API handed out: a position as decimal digits, or null when none was given.</summary>
    public static long? Cursor(string name, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : throw Bad($"{name} is not a cursor this API returned; pass the 'next' value of the previous page as it was.");
    }

    public static string Cursor(long position) => position.ToString(CultureInfo.InvariantCulture);

    public static int? Status(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 599
            ? status
            : throw Bad("status must be an HTTP status code from 100 to 599.");
    }

    public static DateTimeOffset? Time(string name, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : throw Bad($"{name} must be an ISO 8601 date and time, e.g. 2026-01-31T12:00:00Z.");
    }

    /// <summary>One of <paramref name="allowed"/>, or null when empty.</summary>
    public static string? OneValueOf(string name, string? text, IReadOnlyList<string> allowed)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return allowed.Contains(text, StringComparer.Ordinal) ? text : throw Bad($"{name} must be one of {string.Join(", ", allowed)}.");
    }

    /// <summary>A comma-separated list whose every item must be one of <paramref name="allowed"/>; null when empty.</summary>
    public static IReadOnlyCollection<string>? OneOf(string name, string? text, IReadOnlyList<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!allowed.Contains(item, StringComparer.Ordinal))
            {
                throw Bad($"{name}: '{item}' is not one of {string.Join(", ", allowed)}.");
            }
            values.Add(item);
        }
        return values;
    }

    public static BadHttpRequestException Bad(string detail) => new(detail, StatusCodes.Status400BadRequest);
}
