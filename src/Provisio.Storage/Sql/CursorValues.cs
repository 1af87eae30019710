using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisio.Storage.Sql;

/// <summary>Sort values travel in cursors as JSON scalars and go back to the database as the same SQL value.</summary>
internal static class CursorValues
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
        DateTime time => JsonValue.Create(time),
        DateTimeOffset time => JsonValue.Create(time),
        _ => JsonValue.Create(value.ToString()),
    };

    public static object ToDb(JsonNode key) => key.GetValueKind() switch
    {
        JsonValueKind.String => (string)key!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when key.AsValue().TryGetValue<long>(out var whole) => whole,
        JsonValueKind.Number => key.GetValue<double>(),
        _ => throw new FormatException("A cursor's sort value is a JSON scalar."),
    };
}
