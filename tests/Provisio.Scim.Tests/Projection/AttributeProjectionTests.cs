using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Projection;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Projection;

public sealed class AttributeProjectionTests
{
    private const string Enterprise = ScimSchemas.EnterpriseUser;

    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    private const string RenderedUser = $$"""
        {
          "schemas": ["{{ScimSchemas.User}}", "{{Enterprise}}"],
          "id": "2819c223",
          "userName": "bjensen",
          "name": { "givenName": "Barbara", "familyName": "Jensen" },
          "emails": [
            { "value": "bjensen@example.com", "type": "work", "primary": true },
            { "value": "babs@jensen.org", "type": "home" }
          ],
          "{{Enterprise}}": {
            "employeeNumber": "701984",
            "department": "Tour Operations",
            "manager": { "value": "26118915", "displayName": "John Smith" }
          },
          "meta": { "resourceType": "User", "version": "W/\"3\"" }
        }
        """;

    private const string RenderedGroup = $$"""
        {
          "schemas": ["{{ScimSchemas.Group}}"],
          "id": "e9e30dba",
          "displayName": "Tour Guides",
          "members": [{ "value": "2819c223", "type": "User", "$ref": "https://example.com/v2/Users/2819c223" }],
          "meta": { "resourceType": "Group" }
        }
        """;

    private const string Ids = $$"""
        "schemas": ["{{ScimSchemas.User}}", "{{Enterprise}}"],
        "id": "2819c223"
        """;

    public static TheoryData<string, string> Included => new()
    {
        { "userName", $$"""{ {{Ids}}, "userName": "bjensen" }""" },
        { "USERNAME", $$"""{ {{Ids}}, "userName": "bjensen" }""" },
        { "name.givenName", $$"""{ {{Ids}}, "name": { "givenName": "Barbara" } }""" },
        { "Name.GIVENNAME", $$"""{ {{Ids}}, "name": { "givenName": "Barbara" } }""" },
        { "name.givenName,name", $$"""{ {{Ids}}, "name": { "givenName": "Barbara", "familyName": "Jensen" } }""" },
        { "userName, emails.value", $$"""{ {{Ids}}, "userName": "bjensen", "emails": [{ "value": "bjensen@example.com" }, { "value": "babs@jensen.org" }] }""" },
        { "id,schemas", $$"""{ {{Ids}} }""" },
        { "nonexistent", $$"""{ {{Ids}} }""" },
        { $"{ScimSchemas.User}:userName", $$"""{ {{Ids}}, "userName": "bjensen" }""" },
        { $"{Enterprise}:department", $$"""{ {{Ids}}, "{{Enterprise}}": { "department": "Tour Operations" } }""" },
        { $"{Enterprise.ToUpperInvariant()}:DEPARTMENT", $$"""{ {{Ids}}, "{{Enterprise}}": { "department": "Tour Operations" } }""" },
        {
            $"{Enterprise}:department,{Enterprise}:employeeNumber",
            $$"""{ {{Ids}}, "{{Enterprise}}": { "employeeNumber": "701984", "department": "Tour Operations" } }"""
        },
        {
            Enterprise,
            $$"""
            { {{Ids}}, "{{Enterprise}}": { "employeeNumber": "701984", "department": "Tour Operations", "manager": { "value": "26118915", "displayName": "John Smith" } } }
            """
        },
    };

    public static TheoryData<string, string> Excluded => new()
    {
        { "emails", WithoutMember("emails") },
        { "EMAILS", WithoutMember("emails") },
        { "meta", WithoutMember("meta") },
        { "id", RenderedUser },
        { "schemas,id", RenderedUser },
        { "nonexistent", RenderedUser },
        { Enterprise, WithoutMember(Enterprise) },
        { "name.familyName", With(json => json["name"]!.AsObject().Remove("familyName")) },
        { "emails.primary", With(json => json["emails"]![0]!.AsObject().Remove("primary")) },
        { $"{Enterprise}:department", With(json => json[Enterprise]!.AsObject().Remove("department")) },
        { $"{ScimSchemas.User}:userName", WithoutMember("userName") },
    };

    [Theory]
    [MemberData(nameof(Included))]
    public void Attributes_keeps_schemas_id_and_only_the_named_attributes(string attributes, string expected)
    {
        var projected = AttributeProjection.Parse(attributes, null).Apply(Parse(RenderedUser), Registry.User);

        JsonAssert.Equal(expected, projected);
    }

    [Theory]
    [MemberData(nameof(Excluded))]
    public void ExcludedAttributes_removes_the_named_attributes_but_never_schemas_or_id(string excludedAttributes, string expected)
    {
        var projected = AttributeProjection.Parse(null, excludedAttributes).Apply(Parse(RenderedUser), Registry.User);

        JsonAssert.Equal(expected, projected);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData(" ", " , ")]
    public void No_parameters_return_the_resource_unchanged(string? attributes, string? excludedAttributes)
    {
        var projection = AttributeProjection.Parse(attributes, excludedAttributes);

        JsonAssert.Equal(RenderedUser, projection.Apply(Parse(RenderedUser), Registry.User));
        JsonAssert.Equal(RenderedUser, AttributeProjection.All.Apply(Parse(RenderedUser), Registry.User));
    }

    [Fact]
    public void Excluding_members_removes_them_from_a_group()
    {
        var projection = AttributeProjection.Parse(null, "members");

        var projected = projection.Apply(Parse(RenderedGroup), Registry.Group);

        Assert.False(projection.Includes("members"));
        Assert.False(projected.ContainsKey("members"));
        Assert.Equal("Tour Guides", (string?)projected["displayName"]);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(null, "members", false)]
    [InlineData(null, "MEMBERS", false)]
    [InlineData(null, "displayName", true)]
    [InlineData(null, "members.display", true)]
    [InlineData("members", null, true)]
    [InlineData("Members", null, true)]
    [InlineData("members.value", null, true)]
    [InlineData("displayName", null, false)]
    [InlineData("displayName,members", null, true)]
    public void Includes_tells_whether_a_top_level_attribute_will_be_returned(string? attributes, string? excludedAttributes, bool expected)
    {
        Assert.Equal(expected, AttributeProjection.Parse(attributes, excludedAttributes).Includes("members"));
    }

    [Theory]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:Group:members")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:Group:members.value")]
    public void Includes_sees_an_attribute_named_with_its_core_schema_URN(string attributes)
    {
        Assert.True(AttributeProjection.Parse(attributes, null).Includes("members"));
    }

    [Fact]
    public void Excluding_an_extension_sub_attribute_keeps_the_rest_of_its_attribute()
    {
        var projected = AttributeProjection.Parse(null, $"{Enterprise}:manager.displayName").Apply(Parse(RenderedUser), Registry.User);

        JsonAssert.Equal("""{ "value": "26118915" }""", projected[Enterprise]?["manager"]);
    }

    [Fact]
    public void Asking_for_an_extension_sub_attribute_returns_only_that_sub_attribute()
    {
        var projected = AttributeProjection.Parse($"{Enterprise}:manager.value", null).Apply(Parse(RenderedUser), Registry.User);

        JsonAssert.Equal("""{ "manager": { "value": "26118915" } }""", projected[Enterprise]);
    }

    public static TheoryData<string, string> IncludedWithValueFilters => new()
    {
        { "emails[type eq \"work\"]", $$"""{ {{Ids}}, "emails": [{ "value": "bjensen@example.com", "type": "work", "primary": true }] }""" },
        { "EMAILS[TYPE eq \"WORK\"].VALUE", $$"""{ {{Ids}}, "emails": [{ "value": "bjensen@example.com" }] }""" },
        { "emails[type eq \"work\"].value,emails[type eq \"home\"].type", $$"""{ {{Ids}}, "emails": [{ "value": "bjensen@example.com" }, { "type": "home" }] }""" },
        { "emails[type eq \"work\"].value,emails", $$"""{ {{Ids}}, "emails": [{ "value": "bjensen@example.com", "type": "work", "primary": true }, { "value": "babs@jensen.org", "type": "home" }] }""" },
        { "emails[value co \",\"],userName", $$"""{ {{Ids}}, "userName": "bjensen" }""" },
        { "emails[type eq \"other\"]", $$"""{ {{Ids}} }""" },
        { "emails[nonexistent eq \"x\"]", $$"""{ {{Ids}} }""" },
    };

    public static TheoryData<string, string> ExcludedWithValueFilters => new()
    {
        { "emails[type eq \"work\"]", With(json => json["emails"]!.AsArray().RemoveAt(0)) },
        { "emails[type eq \"work\"].primary", With(json => json["emails"]![0]!.AsObject().Remove("primary")) },
        { "emails[type eq \"work\" or type eq \"home\"]", WithoutMember("emails") },
        { "emails[type eq \"other\"]", RenderedUser },
        { "emails[nonexistent eq \"x\"]", RenderedUser },
    };

    [Theory]
    [MemberData(nameof(IncludedWithValueFilters))]
    public void Attributes_with_a_value_filter_keeps_only_the_matching_values(string attributes, string expected)
    {
        var projected = AttributeProjection.Parse(attributes, null).Apply(Parse(RenderedUser), Registry.User);

        JsonAssert.Equal(expected, projected);
    }

    [Theory]
    [MemberData(nameof(ExcludedWithValueFilters))]
    public void ExcludedAttributes_with_a_value_filter_removes_only_the_matching_values(string excludedAttributes, string expected)
    {
        var projected = AttributeProjection.Parse(null, excludedAttributes).Apply(Parse(RenderedUser), Registry.User);

        JsonAssert.Equal(expected, projected);
    }

    [Theory]
    [InlineData("members[value eq \"2819c223\"]", null, true, false)]
    [InlineData(null, "members[value eq \"2819c223\"]", true, false)]
    public void A_value_filter_on_members_needs_the_members_but_not_all_of_them(string? attributes, string? excludedAttributes, bool includes, bool whole)
    {
        var projection = AttributeProjection.Parse(attributes, excludedAttributes);

        Assert.Equal(includes, projection.Includes("members"));
        Assert.Equal(whole, projection.IncludesWhole("members"));
    }

    [Theory]
    [InlineData("a..b", null)]
    [InlineData(null, "a..b")]
    [InlineData("name.givenName.first", null)]
    [InlineData("1name", null)]
    [InlineData("userName,emails[type eq \"work\"", null)]
    [InlineData("emails[type eq]", null)]
    [InlineData(null, "emails[type eq \"work\"]x")]
    [InlineData(null, "user name")]
    public void An_invalid_attribute_path_is_refused_with_400_invalidValue(string? attributes, string? excludedAttributes)
    {
        var error = Assert.Throws<ScimException>(() => AttributeProjection.Parse(attributes, excludedAttributes));

        Assert.Equal(400, error.Status);
        Assert.Equal(ScimErrorType.InvalidValue, error.ScimType);
    }

    private static string WithoutMember(string name) => With(json => json.Remove(name));

    private static string With(Action<JsonObject> change)
    {
        var json = Parse(RenderedUser);
        change(json);
        return json.ToJsonString();
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
