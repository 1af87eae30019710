using System.Text.Json.Nodes;

namespace Provisio.Scim.Schema;

/// <summary>Reads an RFC 7643 §7 schema representation into a <see cref="SchemaDefinition"/>.</summary>
public static class SchemaReader
{
    public static SchemaDefinition Read(JsonObject json)
    {
        var id = (string?)json["id"] ?? throw new FormatException("A schema needs an id.");
        return new SchemaDefinition
        {
            Id = id,
            Name = (string?)json["name"] ?? id,
            Attributes = ReadAttributes(json["attributes"] as JsonArray),
            Representation = json,
        };
    }

    private static AttributeDefinition[] ReadAttributes(JsonArray? attributes) =>
        attributes is null ? [] : attributes.OfType<JsonObject>().Select(ReadAttribute).ToArray();

    private static AttributeDefinition ReadAttribute(JsonObject json) => new()
    {
        Name = (string?)json["name"] ?? throw new FormatException("An attribute needs a name."),
        Type = Parse(json["type"], AttributeType.String),
        MultiValued = (bool?)json["multiValued"] ?? false,
        Required = (bool?)json["required"] ?? false,
        CaseExact = (bool?)json["caseExact"] ?? false,
        Mutability = Parse(json["mutability"], Mutability.ReadWrite),
        Returned = Parse(json["returned"], Returned.Default),
        Uniqueness = Parse(json["uniqueness"], Uniqueness.None),
        SubAttributes = ReadAttributes(json["subAttributes"] as JsonArray),
        CanonicalValues = json["canonicalValues"] is JsonArray values ? values.Select(v => (string?)v).OfType<string>().ToArray() : [],
    };

    private static T Parse<T>(JsonNode? node, T fallback)
        where T : struct, Enum =>
        node is null ? fallback
        : Enum.TryParse<T>((string?)node, ignoreCase: true, out var value) ? value
        : throw new FormatException($"'{node}' is not a valid {typeof(T).Name}.");
}
