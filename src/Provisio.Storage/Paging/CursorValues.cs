using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisio.Storage.Paging;

/// <summary>Sort values travel in cursors as JSON scalars (times as {"time": …}) and go back to the database as the same SQL value.</summary>
public static class CursorValues
{
    public static JsonNode? FromDb(object? value) => value switch
    {
        null or DBNull => null,
        string text => JsonValue.Create(text),
        long number => JsonValue.Create(number),
        int number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        bool flag => JsonValue.Create(flag),
        // Times keep their type through the cursor, so they go back as times, not text.
        DateTime time => new JsonObject { ["time"] = new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture) },
        DateTimeOffset time => new JsonObject { ["time"] = time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) },
        _ => JsonValue.Create(value.ToString()),
    };

    public static object ToDb(JsonNode key) => key.GetValueKind() switch
    {
        JsonValueKind.Object when key["time"] is JsonValue time =>
            DateTimeOffset.Parse((string)time!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime(),
        JsonValueKind.String => (string)key!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when key.AsValue().TryGetValue<long>(out var whole) => whole,
        JsonValueKind.Number => key.GetValue<double>(),
        _ => throw new FormatException("A cursor's sort value is a JSON scalar."),
    };
}
