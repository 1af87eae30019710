using System.Text.Json;
using Provisio.Scim.Resources;

namespace Provisio.Storage.Audit;

/// <summary>The JSON of one audit entry, as the admin API and <c>provisio audit list --json</c> print it.</summary>
public static class AuditEntryJson
{
    public static void Write(Utf8JsonWriter writer, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entry);
        writer.WriteStartObject();
        writer.WriteNumber("id", entry.Id);
        writer.WriteString("at", ResourceRenderer.FormatTime(entry.At));
        WriteNullable(writer, "tokenId", entry.TokenId);
        WriteNullable(writer, "tokenName", entry.TokenName);
        WriteNullable(writer, "clientAddress", entry.ClientAddress);
        WriteNullable(writer, "requestId", entry.RequestId);
        writer.WriteString("method", entry.Method);
        writer.WriteString("path", entry.Path);
        writer.WriteString("action", entry.Action);
        writer.WriteNumber("status", entry.Status);
        WriteNullable(writer, "errorType", entry.ErrorType);
        WriteNullable(writer, "resourceType", entry.ResourceType);
        WriteNullable(writer, "resourceId", entry.ResourceId);
        writer.WritePropertyName("changes");
        if (entry.ChangesJson is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            // Stored JSON, written by the store itself.
            writer.WriteRawValue(entry.ChangesJson, skipInputValidation: true);
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
