using System.Text.Json.Nodes;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Messages;

/// <summary>The <c>/ResourceTypes</c> and <c>/Schemas</c> representations (RFC 7643 §6 and §7).</summary>
public static class DiscoveryDocuments
{
    public static JsonObject ResourceType(ResourceTypeDefinition type, string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.ResourceType),
        ["id"] = type.Name,
        ["name"] = type.Name,
        ["endpoint"] = type.Endpoint,
        ["description"] = type.Description,
        ["schema"] = type.Schema.Id,
        ["schemaExtensions"] = new JsonArray([.. type.Extensions.Select(e => (JsonNode)new JsonObject
        {
            ["schema"] = e.Schema.Id,
            ["required"] = e.Required,
        })]),
        ["meta"] = new JsonObject
        {
            ["resourceType"] = "ResourceType",
            ["location"] = $"{baseUrl}/ResourceTypes/{type.Name}",
        },
    };

    public static JsonObject Schema(SchemaDefinition schema, string baseUrl)
    {
        var json = new JsonObject { ["schemas"] = new JsonArray(ScimSchemas.Schema) };
        foreach (var (name, value) in schema.Representation)
        {
            if (name != "meta")
            {
                json[name] = value?.DeepClone();
            }
        }
        json["meta"] = new JsonObject
        {
            ["resourceType"] = "Schema",
            ["location"] = $"{baseUrl}/Schemas/{schema.Id}",
        };
        return json;
    }
}
