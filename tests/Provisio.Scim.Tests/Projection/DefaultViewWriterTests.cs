using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Messages;
using Provisio.Scim.Projection;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Projection;

/// <summary>The direct writer must show every resource exactly as rendering, projecting and serializing a DOM does.</summary>
public sealed class DefaultViewWriterTests
{
    private const string BaseUrl = "https://scim.example.com/scim/v2/acme";
    private const string Badge = "urn:example:params:scim:schemas:extension:badge:2.0:User";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly ResourceMeta Meta = new(
        Created: new DateTimeOffset(2026, 1, 31, 14, 0, 0, TimeSpan.FromHours(2)),
        LastModified: new DateTimeOffset(2026, 2, 1, 9, 30, 15, 250, TimeSpan.Zero),
        Version: 7);

    /// <summary>The default registry, with a User extension holding a "never" and a "request" attribute.</summary>
    private static readonly SchemaRegistry Registry = WithBadgeExtension(SchemaRegistry.CreateDefault());

    public static TheoryData<string, string> Resources => new()
    {
        { "User", """{ "userName": "bjensen" }""" },
        { "User", """{ "userName": "bjensen", "password": "secret", "active": true, "name": { "givenName": "Barbara", "familyName": "Jensen" } }""" },
        { "User", """{ "PASSWORD": "secret", "userName": "b\u00e9 <x> & \"q\" \\ \n +1", "nickName": null }""" },
        { "User", """{ "userName": "a", "emails": [{ "value": "a@example.com", "type": "work", "primary": true }], "x509Certificates": [] }""" },
        { "User", """{ "userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "manager": { "value": "26118915" } } }""" },
        { "User", """{ "userName": "a", "urn:ietf:params:scim:schemas:core:2.0:User:userName": "b", "urn:ietf:params:scim:schemas:core:2.0:User": { "x": 1 } }""" },
        { "User", """{ "userName": "a", "groups": [{ "value": "g1", "display": "Sales", "type": "direct" }, { "value": "g2", "$ref": "old", "type": "indirect" }, { "display": "no id" }, "odd"] }""" },
        { "User", $$"""{ "userName": "a", "{{Badge}}": { "number": "7", "pin": "1234", "photo": "p" } }""" },
        { "User", $$"""{ "userName": "a", "{{Badge}}": { "pin": "1234", "photo": "p" } }""" },
        { "User", $$"""{ "userName": "a", "{{Badge}}": { "PIN": "1234" } }""" },
        { "User", $$"""{ "userName": "a", "{{Badge}}": {} }""" },
        { "User", $$"""{ "userName": "a", "{{Badge}}": null, "{{Badge.ToUpperInvariant()}}": { "number": 1.50, "pin": 2 } }""" },
        { "User", """{ "userName": "a", "urn:example:undeclared:2.0:Thing": { "k": [1, 2e3, -0.5, null, false] }, "http://schemas.microsoft.com/x": "y" }""" },
        { "Group", """{ "displayName": "Sales", "members": [{ "value": "u1", "type": "User", "display": "A" }, { "value": "g2", "type": "Group" }, { "value": "u3" }, { "value": "u4", "type": "Nope", "$ref": "kept" }] }""" },
        { "Group", """{ "displayName": "Empty", "members": [] }""" },
        { "Group", """{ "displayName": "Odd", "members": { "value": "u1" } }""" },
    };

    [Theory]
    [MemberData(nameof(Resources))]
    public void Writes_what_the_renderer_and_default_projection_show(string resourceType, string attributes)
    {
        var writer = new DefaultViewWriter(Registry);
        var resource = new ScimResource("2819c223 /x", resourceType, (JsonObject)JsonNode.Parse(attributes)!, Meta);

        Assert.True(writer.CanWrite(resource));
        Assert.Equal(ThroughTheDom(resource), Written(w => writer.Write(w, resource, BaseUrl)));
    }

    [Theory]
    [InlineData("User", """{ "userName": "a", "id": "other" }""")]
    [InlineData("User", """{ "userName": "a", "schemas": ["x"] }""")]
    [InlineData("User", """{ "userName": "a", "meta": { "version": "x" } }""")]
    [InlineData("User", """{ "userName": "a", "groups": [{ "value": 5 }] }""")]
    [InlineData("Group", """{ "displayName": "a", "members": [{ "value": "u1", "type": 3 }] }""")]
    [InlineData("Unknown", """{ "displayName": "a" }""")]
    public void Leaves_to_the_DOM_what_it_would_show_differently(string resourceType, string attributes)
    {
        var resource = new ScimResource("1", resourceType, (JsonObject)JsonNode.Parse(attributes)!, Meta);

        Assert.False(new DefaultViewWriter(Registry).CanWrite(resource));
    }

    [Fact]
    public void Writes_list_envelopes_as_the_DOM_builds_them()
    {
        var writer = new DefaultViewWriter(Registry);
        var resources = Resources.Select(row => new ScimResource("id", (string)row[0], (JsonObject)JsonNode.Parse((string)row[1])!, Meta)).ToList();
        void WriteAll(Utf8JsonWriter w) => resources.ForEach(r => writer.Write(w, r, BaseUrl));
        List<JsonObject> Rendered() => resources.Select(Projected).ToList();

        Assert.Equal(Serialized(ListResponse.ToJson(Rendered(), 1234, 11)), Written(w => ListResponse.Write(w, resources.Count, 1234, 11, null, null, WriteAll)));
        Assert.Equal(Serialized(ListResponse.ToJson(Rendered(), 5, "next+/=", "prev")), Written(w => ListResponse.Write(w, resources.Count, 5, null, "next+/=", "prev", WriteAll)));
        Assert.Equal(Serialized(ListResponse.ToJson([], 0, null, null)), Written(w => ListResponse.Write(w, 0, 0, null, null, null, _ => { })));
    }

    private static string ThroughTheDom(ScimResource resource) => Serialized(Projected(resource));

    private static JsonObject Projected(ScimResource resource) =>
        AttributeProjection.All.Apply(new ResourceRenderer(Registry).Render(resource, BaseUrl), Registry.FindResourceType(resource.ResourceType)!);

    private static string Serialized(JsonNode node) => Written(w => node.WriteTo(w));

    private static string Written(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            write(writer);
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static SchemaRegistry WithBadgeExtension(SchemaRegistry registry)
    {
        var badge = new SchemaDefinition
        {
            Id = Badge,
            Name = "Badge",
            Representation = [],
            Attributes =
            [
                new AttributeDefinition { Name = "number" },
                new AttributeDefinition { Name = "pin", Returned = Returned.Never },
                new AttributeDefinition { Name = "photo", Returned = Returned.Request },
            ],
        };
        var user = registry.User with { Extensions = [.. registry.User.Extensions, new SchemaExtension(badge, Required: false)] };
        return new SchemaRegistry(registry.ResourceTypes.Select(t => t.Name == "User" ? user : t));
    }
}
