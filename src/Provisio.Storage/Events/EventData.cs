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
    public static JsonObject Resource(ScimResource resource, IReadOnlyList<string> sensitive)
    {
        var core = CoreSchema(resource.ResourceType);
        var schemas = new JsonArray(core);
        var json = new JsonObject { ["schemas"] = schemas, ["id"] = resource.Id };
        foreach (var (name, value) in Attributes(resource.Attributes, resource.ResourceType, sensitive))
        {
            if (ResourceRenderer.IsSchemaUrn(name))
            {
                schemas.Add(name);
            }
            json[name] = value?.DeepClone();
        }
        json["meta"] = new JsonObject
        {
            ["resourceType"] = resource.ResourceType,
            ["created"] = ResourceRenderer.FormatTime(resource.Meta.Created),
            ["lastModified"] = ResourceRenderer.FormatTime(resource.Meta.LastModified),
            ["version"] = resource.Meta.ETag,
        };
        return json;
    }

    /// <summary>The attributes of a document that may be shown outside the SCIM API.</summary>
    public static IEnumerable<KeyValuePair<string, JsonNode?>> Attributes(JsonObject document, string resourceType, IReadOnlyList<string> sensitive)
    {
        var core = CoreSchema(resourceType);
        return SensitiveAttributes.Remove(document, sensitive, core)
            .Where(p => p.Value is not null && p.Key is not ("groups" or "members" or "password")
                && !p.Key.Equals(core, StringComparison.OrdinalIgnoreCase)
                && !p.Key.StartsWith(core + ":", StringComparison.OrdinalIgnoreCase));
    }

    public static JsonObject Membership(string groupId, string? groupDisplayName, string memberId, string memberType) => new()
    {
        ["group"] = new JsonObject { ["id"] = groupId, ["displayName"] = groupDisplayName },
        ["member"] = new JsonObject { ["id"] = memberId, ["type"] = memberType },
    };

    private static string CoreSchema(string resourceType) => resourceType == "Group" ? ScimSchemas.Group : ScimSchemas.User;
}
