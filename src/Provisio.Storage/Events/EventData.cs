using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;

namespace Provisio.Storage.Events;

/// <summary>
/// A resource as events and audit rows show it: as SCIM renders it (<c>schemas</c>, <c>id</c>, attributes, <c>meta</c>
/// without a location, since events are not tied to a URL), minus the tenant's sensitive attributes. Passwords are
/// never in a document, and legacy core-URN keys (which once held one) are skipped.
/// </summary>
internal static class EventData
{
    /// <summary>The resource as JSON text, written straight from the document (no copy of it is built).</summary>
    public static string Resource(ScimResource resource, IReadOnlyList<string> sensitive)
    {
        var attributes = Attributes(resource.Attributes, resource.ResourceType, sensitive).ToList();
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("schemas");
            writer.WriteStringValue(CoreSchema(resource.ResourceType));
            foreach (var (name, _) in attributes.Where(a => ResourceRenderer.IsSchemaUrn(a.Key)))
            {
                writer.WriteStringValue(name);
            }
            writer.WriteEndArray();
            writer.WriteString("id", resource.Id);
            foreach (var (name, value) in attributes)
            {
                writer.WritePropertyName(name);
                value!.WriteTo(writer);
            }
            writer.WriteStartObject("meta");
            writer.WriteString("resourceType", resource.ResourceType);
            writer.WriteString("created", ResourceRenderer.FormatTime(resource.Meta.Created));
            writer.WriteString("lastModified", ResourceRenderer.FormatTime(resource.Meta.LastModified));
            writer.WriteString("version", resource.Meta.ETag);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <summary>JSON text written by <paramref name="write"/>, escaped only where JSON requires it (as SCIM responses are).</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The attributes of a document that may be shown outside the SCIM API.</summary>
    public static IEnumerable<KeyValuePair<string, JsonNode?>> Attributes(JsonObject document, string resourceType, IReadOnlyList<string> sensitive)
    {
        var core = CoreSchema(resourceType);
        return SensitiveAttributes.Remove(document, sensitive, core)
            .Where(p => p.Value is not null && p.Key is not ("groups" or "members" or "password")
                && !p.Key.Equals(core, StringComparison.OrdinalIgnoreCase)
                && !p.Key.StartsWith(core + ":", StringComparison.OrdinalIgnoreCase));
    }

    public static string Membership(string groupId, string? groupDisplayName, string memberId, string memberType) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("group");
        writer.WriteString("id", groupId);
        writer.WriteString("displayName", groupDisplayName);
        writer.WriteEndObject();
        writer.WriteStartObject("member");
        writer.WriteString("id", memberId);
        writer.WriteString("type", memberType);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private static string CoreSchema(string resourceType) => resourceType == ResourceTypeNames.Group ? ScimSchemas.Group : ScimSchemas.User;
}
