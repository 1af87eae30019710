using System.Text.Json;
using Provisio.Scim.Resources;

namespace Provisio.Storage.Events;

/// <summary>
/// The JSON of one change event, as the events feed and webhooks send it. The event's data is written as the stored
/// JSON text it already is, so a page of a thousand events costs no parsing.
/// </summary>
public static class ChangeEventJson
{
    public static void Write(Utf8JsonWriter writer, ChangeEvent change)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(change);
        writer.WriteStartObject();
        writer.WriteString("id", change.Id);
        writer.WriteString("type", change.Type);
        writer.WriteString("tenant", change.TenantId);
        writer.WriteNumber("sequence", change.Sequence);
        writer.WriteString("occurredAt", ResourceRenderer.FormatTime(change.OccurredAt));
        WriteNullable(writer, "requestId", change.RequestId);
        writer.WriteStartObject("actor");
        WriteNullable(writer, "tokenId", change.TokenId);
        WriteNullable(writer, "tokenName", change.TokenName);
        writer.WriteEndObject();
        writer.WriteStartObject("resource");
        writer.WriteString("type", change.ResourceType);
        writer.WriteString("id", change.ResourceId);
        writer.WriteEndObject();
        writer.WritePropertyName("data");
        writer.WriteRawValue(change.DataJson, skipInputValidation: true);
        if (change.ChangedAttributes is { } changed)
        {
            writer.WriteStartArray("changedAttributes");
            foreach (var attribute in changed)
            {
                writer.WriteStringValue(attribute);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
