using System.Globalization;
using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Resources;

public sealed class ResourceRendererTests
{
    private const string BaseUrl = "https://scim.example.com/scim/v2/acme";
    private const string EntraGroupSchema = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

    private static readonly ResourceRenderer Renderer = new(SchemaRegistry.CreateDefault());

    private static readonly ResourceMeta Meta = new(
        Created: new DateTimeOffset(2026, 1, 31, 14, 0, 0, TimeSpan.FromHours(2)),
        LastModified: new DateTimeOffset(2026, 2, 1, 9, 30, 15, 250, TimeSpan.Zero),
        Version: 7);

    [Theory]
    [InlineData("""{ "userName": "bjensen" }""", new[] { ScimSchemas.User })]
    [InlineData("""{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984" } }""", new[] { ScimSchemas.User, ScimSchemas.EnterpriseUser })]
    [InlineData("""{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": null }""", new[] { ScimSchemas.User })]
    [InlineData("""{ "userName": "bjensen", "urn:example:params:scim:schemas:extension:custom:2.0:User": { "badge": "42" } }""", new[] { ScimSchemas.User, "urn:example:params:scim:schemas:extension:custom:2.0:User" })]
    public void Schemas_lists_the_core_URN_and_every_extension_present(string attributes, string[] expected)
    {
        var json = Renderer.Render(new ScimResource("2819c223", "User", Parse(attributes), Meta), BaseUrl);

        Assert.Equal(expected, json["schemas"]!.AsArray().Select(s => (string?)s));
    }

    [Fact]
    public void Schemas_lists_Entra_group_schema_stored_as_an_extension()
    {
        var attributes = new JsonObject { ["displayName"] = "Sales", [EntraGroupSchema] = new JsonObject { ["x"] = "y" } };

        var json = Renderer.Render(new ScimResource("e9e30dba", "Group", attributes, Meta), BaseUrl);

        Assert.Equal([ScimSchemas.Group, EntraGroupSchema], json["schemas"]!.AsArray().Select(s => (string?)s));
    }

    [Theory]
    [InlineData("User", "2819c223", "/Users/2819c223")]
    [InlineData("Group", "e9e30dba", "/Groups/e9e30dba")]
    [InlineData("User", "a b/c", "/Users/a%20b%2Fc")]
    public void Meta_carries_resourceType_times_location_and_version(string resourceType, string id, string path)
    {
        var json = Renderer.Render(new ScimResource(id, resourceType, new JsonObject { ["displayName"] = "x" }, Meta), BaseUrl);

        JsonAssert.Equal(
            $$"""
            {
              "resourceType": "{{resourceType}}",
              "created": "2026-01-31T12:00:00.000Z",
              "lastModified": "2026-02-01T09:30:15.250Z",
              "location": "{{BaseUrl}}{{path}}",
              "version": "W/\"7\""
            }
            """,
            json["meta"]);
        Assert.Equal(id, (string?)json["id"]);
        Assert.Equal(BaseUrl + path, Renderer.LocationOf(new ScimResource(id, resourceType, [], Meta), BaseUrl));
    }

    [Fact]
    public void Renders_schemas_id_the_stored_attributes_and_meta()
    {
        var attributes = Parse("""{ "userName": "bjensen", "name": { "givenName": "Barbara" }, "nickName": null }""");

        var json = Renderer.Render(new ScimResource("2819c223", "User", attributes, Meta), BaseUrl);

        Assert.Equal(["schemas", "id", "userName", "name", "meta"], json.Select(p => p.Key));
        Assert.Equal("Barbara", (string?)json["name"]?["givenName"]);
    }

    [Theory]
    [InlineData("User", "/Users/2819c223")]
    [InlineData("Group", "/Groups/2819c223")]
    [InlineData("user", "/Users/2819c223")]
    public void Members_get_a_ref_to_the_endpoint_of_their_type(string type, string path)
    {
        var attributes = Parse($$"""{ "displayName": "Tour Guides", "members": [{ "value": "2819c223", "type": "{{type}}" }] }""");

        var json = Renderer.Render(new ScimResource("e9e30dba", "Group", attributes, Meta), BaseUrl);

        Assert.Equal(BaseUrl + path, (string?)json["members"]?[0]?["$ref"]);
    }

    [Fact]
    public void User_groups_get_a_ref_to_the_Groups_endpoint()
    {
        var attributes = Parse("""{ "userName": "bjensen", "groups": [{ "value": "e9e30dba", "display": "Tour Guides", "type": "direct" }] }""");

        var json = Renderer.Render(new ScimResource("2819c223", "User", attributes, Meta), BaseUrl);

        Assert.Equal($"{BaseUrl}/Groups/e9e30dba", (string?)json["groups"]?[0]?["$ref"]);
    }

    [Fact]
    public void Rendering_leaves_the_stored_attributes_untouched()
    {
        var attributes = Parse("""{ "displayName": "Tour Guides", "members": [{ "value": "2819c223", "type": "User" }] }""");
        var stored = attributes.ToJsonString();

        Renderer.Render(new ScimResource("e9e30dba", "Group", attributes, Meta), BaseUrl);

        Assert.Equal(stored, attributes.ToJsonString());
    }

    [Fact]
    public void An_unknown_resource_type_is_a_programming_error()
    {
        Assert.Throws<InvalidOperationException>(() => Renderer.Render(new ScimResource("1", "Device", [], Meta), BaseUrl));
    }

    [Fact]
    public void Times_are_shown_in_UTC_to_the_millisecond_cut_not_rounded()
    {
        var random = new Random(11);
        var times = new List<DateTimeOffset>
        {
            DateTimeOffset.MinValue,
            DateTimeOffset.MaxValue,
            DateTimeOffset.UnixEpoch,
            new DateTimeOffset(2026, 1, 31, 23, 59, 59, TimeSpan.FromHours(-5)).AddTicks(9_999_999),
            new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567),
        };
        for (var i = 0; i < 500; i++)
        {
            times.Add(new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero));
        }

        foreach (var time in times)
        {
            Assert.Equal(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), ResourceRenderer.FormatTime(time));
        }
        Assert.Equal("2026-02-01T04:59:59.999Z", ResourceRenderer.FormatTime(times[3]));
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
