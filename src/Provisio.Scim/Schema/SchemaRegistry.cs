using System.Reflection;
using System.Text.Json.Nodes;

namespace Provisio.Scim.Schema;

/// <summary>The schemas and resource types a service provider serves; built-in ones are loaded from RFC 7643 §8.7 data.</summary>
public sealed class SchemaRegistry
{
    private readonly Dictionary<string, SchemaDefinition> schemas = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ResourceTypeDefinition> resourceTypes = new(StringComparer.OrdinalIgnoreCase);

    public SchemaRegistry(IEnumerable<ResourceTypeDefinition> types)
    {
        foreach (var type in types)
        {
            resourceTypes.Add(type.Name, type);
            schemas.TryAdd(type.Schema.Id, type.Schema);
            foreach (var extension in type.Extensions)
            {
                schemas.TryAdd(extension.Schema.Id, extension.Schema);
            }
        }
    }

    public IEnumerable<SchemaDefinition> Schemas => schemas.Values;

    public IEnumerable<ResourceTypeDefinition> ResourceTypes => resourceTypes.Values;

    public ResourceTypeDefinition User => resourceTypes[ResourceTypeNames.User];

    public ResourceTypeDefinition Group => resourceTypes[ResourceTypeNames.Group];

    public SchemaDefinition? FindSchema(string urn) => schemas.GetValueOrDefault(urn);

    public ResourceTypeDefinition? FindResourceType(string name) => resourceTypes.GetValueOrDefault(name);

    /// <summary>User (with the enterprise extension) and Group, as RFC 7643 defines them.</summary>
    public static SchemaRegistry CreateDefault()
    {
        var user = LoadBuiltin(ResourceTypeNames.User);
        var group = LoadBuiltin(ResourceTypeNames.Group);
        var enterprise = LoadBuiltin("EnterpriseUser");
        return new SchemaRegistry(
        [
            new ResourceTypeDefinition
            {
                Name = ResourceTypeNames.User,
                Endpoint = "/Users",
                Description = "User Account",
                Schema = user,
                Extensions = [new SchemaExtension(enterprise, Required: false)],
            },
            new ResourceTypeDefinition
            {
                Name = ResourceTypeNames.Group,
                Endpoint = "/Groups",
                Description = "Group",
                Schema = group,
            },
        ]);
    }

    private static SchemaDefinition LoadBuiltin(string name)
    {
        var resource = $"Provisio.Scim.Schema.Builtin.{name}.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Built-in schema {resource} is missing.");
        var json = JsonNode.Parse(stream) as JsonObject
            ?? throw new InvalidOperationException($"Built-in schema {resource} is not a JSON object.");
        return SchemaReader.Read(json);
    }
}
