using System.Text.Json.Nodes;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;

namespace Provisio.Scim.Tests.Validation;

public sealed class SensitiveAttributesTests
{
    private const string Enterprise = ScimSchemas.EnterpriseUser;

    private static readonly JsonObject User = JsonNode.Parse($$"""
        {
          "userName": "bjensen",
          "displayName": "Babs",
          "ssn": "123-45-6789",
          "name": { "givenName": "Barbara", "familyName": "Jensen" },
          "emails": [ { "value": "b@example.com", "type": "work" }, { "value": "b@home.example", "type": "home" } ],
          "phoneNumbers": [ { "value": "555-0100" } ],
          "{{Enterprise}}": { "employeeNumber": "701984", "costCenter": "4130", "manager": { "value": "26118915" } },
          "urn:acme:params:scim:schemas:extension:hr:1.0:User": { "salary": 100 }
        }
        """)!.AsObject();

    public static TheoryData<string, string, string> Removals => new()
    {
        // path, the attribute that must be gone (as a dotted description), a value that must stay
        { "ssn", "ssn", "bjensen" },
        { "SSN", "ssn", "bjensen" },
        { $"{ScimSchemas.User}:ssn", "ssn", "bjensen" },
        { "name.givenName", "Barbara", "Jensen" },
        { $"{ScimSchemas.User}:name.givenName", "Barbara", "Jensen" },
        { $"{Enterprise}:employeeNumber", "701984", "4130" },
        { $"{Enterprise.ToUpperInvariant()}:EMPLOYEENUMBER", "701984", "4130" },
        { $"{Enterprise}:manager.value", "26118915", "4130" },
        { "emails.value", "b@example.com", "work" },
        { "urn:acme:params:scim:schemas:extension:hr:1.0:User", "salary", "701984" },
        { "urn:acme:params:scim:schemas:extension:hr:1.0:User:salary", "salary", "701984" },
    };

    [Theory]
    [MemberData(nameof(Removals))]
    public void A_listed_attribute_is_removed_and_the_rest_is_kept(string path, string gone, string kept)
    {
        var result = SensitiveAttributes.Remove(User, [path], ScimSchemas.User);

        Assert.DoesNotContain(gone, result.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(kept, result.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("123-45-6789", User.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("701984", User.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_sub_attribute_of_a_multi_valued_attribute_is_removed_from_every_value()
    {
        var result = SensitiveAttributes.Remove(User, ["emails.value"]);

        JsonAssert.Equal("""[ { "type": "work" }, { "type": "home" } ]""", result["emails"]);
    }

    [Fact]
    public void Values_and_objects_left_empty_are_removed_with_their_last_attribute()
    {
        var result = SensitiveAttributes.Remove(User, ["phoneNumbers.value", "urn:acme:params:scim:schemas:extension:hr:1.0:User:salary", $"{Enterprise}:manager.value"]);

        Assert.Null(result["phoneNumbers"]);
        Assert.Null(result["urn:acme:params:scim:schemas:extension:hr:1.0:User"]);
        JsonAssert.Equal("""{ "employeeNumber": "701984", "costCenter": "4130" }""", result[Enterprise]);
    }

    [Fact]
    public void An_extension_whose_only_attribute_is_listed_is_removed_whole()
    {
        var user = JsonNode.Parse($$"""{ "userName": "a", "{{Enterprise}}": { "employeeNumber": "1" } }""")!.AsObject();

        var result = SensitiveAttributes.Remove(user, [$"{Enterprise}:employeeNumber"]);

        JsonAssert.Equal("""{ "userName": "a" }""", result);
    }

    [Fact]
    public void A_document_without_the_listed_attributes_is_returned_as_is()
    {
        Assert.Same(User, SensitiveAttributes.Remove(User, ["nickName", "urn:acme:other:User:x", $"{Enterprise}:division"]));
    }

    [Fact]
    public void A_path_qualified_by_the_user_schema_leaves_groups_alone()
    {
        var group = JsonNode.Parse("""{ "displayName": "Admins" }""")!.AsObject();
        var user = JsonNode.Parse("""{ "userName": "a", "displayName": "A" }""")!.AsObject();
        string[] paths = [$"{ScimSchemas.User}:displayName"];

        Assert.Same(group, SensitiveAttributes.Remove(group, paths, ScimSchemas.Group));
        JsonAssert.Equal("""{ "userName": "a" }""", SensitiveAttributes.Remove(user, paths, ScimSchemas.User));
    }

    [Theory]
    [InlineData("ssn")]
    [InlineData("name.givenName")]
    [InlineData("emails.value")]
    [InlineData("password")]
    [InlineData("externalId")]
    [InlineData($"{Enterprise}:employeeNumber")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:displayName")]
    [InlineData("urn:acme:params:scim:schemas:extension:hr:1.0:User")]
    [InlineData("urn:acme:params:scim:schemas:extension:hr:1.0:User:id")]
    public void Attribute_paths_a_resource_can_do_without_are_accepted(string path) =>
        Assert.Null(SensitiveAttributes.Refusal(path));

    [Theory]
    [InlineData("", "empty")]
    [InlineData(" ", "empty")]
    [InlineData("ss n", "white space")]
    [InlineData("name..givenName", "empty name")]
    [InlineData("id", "server owns")]
    [InlineData("ID", "server owns")]
    [InlineData("schemas", "server owns")]
    [InlineData("meta.created", "server owns")]
    [InlineData("userName", "userName")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName", "userName")]
    [InlineData("displayName", "every Group needs its displayName")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:Group:displayName", "every Group needs its displayName")]
    [InlineData("members", "membership")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User", "core schema")]
    public void Paths_a_resource_cannot_do_without_are_refused_with_the_reason(string path, string reason) =>
        Assert.Contains(reason, SensitiveAttributes.Refusal(path), StringComparison.Ordinal);

    [Fact]
    public void Lists_finds_a_core_attribute_plain_or_qualified_in_any_case()
    {
        Assert.True(SensitiveAttributes.Lists(["Password"], ScimSchemas.User, "password"));
        Assert.True(SensitiveAttributes.Lists([$"{ScimSchemas.User.ToUpperInvariant()}:password"], ScimSchemas.User, "password"));
        Assert.False(SensitiveAttributes.Lists(["password.x", "ssn"], ScimSchemas.User, "password"));
    }
}
