using System.Text.Json.Nodes;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Schema;

public sealed class SchemaReaderTests
{
    [Fact]
    public void Omitted_characteristics_take_the_RFC_7643_defaults()
    {
        var schema = SchemaReader.Read(Parse("""{ "id": "urn:example:Thing", "attributes": [{ "name": "label" }] }"""));

        var label = Assert.Single(schema.Attributes);
        Assert.Equal("urn:example:Thing", schema.Name);
        Assert.Equal(
            (AttributeType.String, false, false, false, Mutability.ReadWrite, Returned.Default, Uniqueness.None),
            (label.Type, label.MultiValued, label.Required, label.CaseExact, label.Mutability, label.Returned, label.Uniqueness));
        Assert.Empty(label.SubAttributes);
    }

    [Fact]
    public void Reads_every_characteristic_and_sub_attributes()
    {
        var schema = SchemaReader.Read(Parse("""
            {
              "id": "urn:example:Thing",
              "attributes": [{
                "name": "parts", "type": "complex", "multiValued": true, "required": true, "caseExact": true,
                "mutability": "immutable", "returned": "always", "uniqueness": "global",
                "subAttributes": [{ "name": "count", "type": "integer", "mutability": "readOnly", "returned": "request" }]
              }]
            }
            """));

        var parts = Assert.Single(schema.Attributes);
        Assert.Equal(
            (AttributeType.Complex, true, true, true, Mutability.Immutable, Returned.Always, Uniqueness.Global),
            (parts.Type, parts.MultiValued, parts.Required, parts.CaseExact, parts.Mutability, parts.Returned, parts.Uniqueness));
        var count = Assert.Single(parts.SubAttributes);
        Assert.Equal(("count", AttributeType.Integer, Mutability.ReadOnly, Returned.Request), (count.Name, count.Type, count.Mutability, count.Returned));
    }

    [Fact]
    public void Keeps_the_representation_it_was_read_from()
    {
        var json = Parse("""{ "id": "urn:example:Thing", "name": "Thing", "description": "A thing", "attributes": [] }""");

        var schema = SchemaReader.Read(json);

        Assert.Same(json, schema.Representation);
        Assert.Equal("Thing", schema.Name);
    }

    [Theory]
    [InlineData("""{ "name": "Thing", "attributes": [] }""")]
    [InlineData("""{ "id": "urn:example:Thing", "attributes": [{ "type": "string" }] }""")]
    [InlineData("""{ "id": "urn:example:Thing", "attributes": [{ "name": "a", "mutability": "sometimes" }] }""")]
    [InlineData("""{ "id": "urn:example:Thing", "attributes": [{ "name": "a", "type": "text" }] }""")]
    public void A_malformed_schema_is_refused(string json)
    {
        Assert.Throws<FormatException>(() => SchemaReader.Read(Parse(json)));
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
