using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;

namespace Provisio.Scim.Tests.Validation;

/// <summary>
/// How the validator reads names that are not the plain schema spelling: URN-qualified names (RFC 7644 §3.10) land where
/// the plain ones do, and two names for one attribute (case or qualification aside) are ambiguous.
/// </summary>
public sealed class ResourceValidatorNameTests
{
    private const string Core = ScimSchemas.User;
    private const string Enterprise = ScimSchemas.EnterpriseUser;

    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    public static TheoryData<string, string> Qualified => new()
    {
        { $$""" "{{Core}}:password": "S3cret!" """, """{ "userName": "bjensen" }""" },
        { $$""" "{{Core.ToUpperInvariant()}}:PASSWORD": "S3cret!" """, """{ "userName": "bjensen" }""" },
        { $$""" "{{Core}}:id": "forged", "{{Core}}:groups": [{ "value": "g1" }], "{{Core}}:meta": {} """, """{ "userName": "bjensen" }""" },
        { $$""" "{{Core}}:nickName": "Babs" """, """{ "userName": "bjensen", "nickName": "Babs" }""" },
        { $$""" "{{Core}}:name.givenName": "Barbara", "name": { "familyName": "Jensen" } """, """{ "userName": "bjensen", "name": { "givenName": "Barbara", "familyName": "Jensen" } }""" },
        { $$""" "{{Core}}:favouriteColour": "teal" """, """{ "userName": "bjensen", "favouriteColour": "teal" }""" },
        { $$""" "{{Core}}": { "nickName": "Babs", "password": "S3cret!" } """, """{ "userName": "bjensen", "nickName": "Babs" }""" },
        { $$""" "{{Core}}::odd": "kept" """, """{ "userName": "bjensen", ":odd": "kept" }""" },
        { $$""" "{{Core}}": null """, """{ "userName": "bjensen" }""" },
        { $$""" "{{Enterprise}}:employeeNumber": "1" """, $$"""{ "userName": "bjensen", "{{Enterprise}}": { "employeeNumber": "1" } }""" },
        {
            $$""" "{{Enterprise}}:employeeNumber": "1", "{{Enterprise}}": { "department": "Sales" }, "{{Enterprise}}:manager.value": "42" """,
            $$"""{ "userName": "bjensen", "{{Enterprise}}": { "employeeNumber": "1", "department": "Sales", "manager": { "value": "42" } } }"""
        },
        { $$""" "{{Enterprise}}": { "schemas": ["{{Enterprise}}"], "employeeNumber": "1" } """, $$"""{ "userName": "bjensen", "{{Enterprise}}": { "employeeNumber": "1" } }""" },
    };

    [Theory]
    [MemberData(nameof(Qualified))]
    public void A_URN_qualified_name_is_read_as_its_plain_name(string members, string expected)
    {
        JsonAssert.Equal(expected, ReadUser(members));
    }

    [Theory]
    [InlineData(""" "USERNAME": "other" """)]
    [InlineData(""" "name": { "givenName": "a", "GIVENNAME": "b" } """)]
    [InlineData(""" "emails": [{ "value": "a@example.com", "Value": "b@example.com" }] """)]
    [InlineData($$""" "{{Enterprise}}": { "department": "a", "Department": "b" } """)]
    [InlineData($$""" "{{Core}}:userName": "other" """)]
    [InlineData($$""" "{{Core}}:name": { "givenName": "b" }, "name": { "givenName": "a" } """)]
    [InlineData($$""" "{{Enterprise}}:employeeNumber": "1", "{{Enterprise}}": { "employeeNumber": "2" } """)]
    [InlineData($$""" "favourite": 1, "FAVOURITE": 2 """)]
    public void Two_names_for_one_attribute_are_refused_with_400_invalidSyntax(string members)
    {
        var error = Assert.Throws<ScimException>(() => ReadUser(members));

        Assert.Equal(400, error.Status);
        Assert.Equal(ScimErrorType.InvalidSyntax, error.ScimType);
    }

    [Fact]
    public void The_core_schema_URN_with_a_value_that_is_not_an_object_is_refused_with_400_invalidValue()
    {
        var error = Assert.Throws<ScimException>(() => ReadUser($$""" "{{Core}}": "bjensen" """));

        Assert.Equal(ScimErrorType.InvalidValue, error.ScimType);
    }

    [Fact]
    public void Duplicate_type_and_value_pairs_merge_into_the_first()
    {
        var stored = ReadUser("""
            "emails": [
              { "value": "b@example.com", "type": "work" },
              { "value": "b@home.example", "type": "home" },
              { "value": "B@EXAMPLE.COM", "type": "Work", "primary": true, "display": "Work" },
              { "value": "b@example.com", "type": "work" }
            ],
            "phoneNumbers": [{ "value": "555", "type": "work" }, { "value": "555", "type": "home" }],
            "addresses": [{ "locality": "Hollywood" }, { "locality": "Hollywood" }]
            """);

        JsonAssert.Equal("""
            {
              "userName": "bjensen",
              "emails": [{ "value": "b@example.com", "type": "work", "primary": true, "display": "Work" }, { "value": "b@home.example", "type": "home" }],
              "phoneNumbers": [{ "value": "555", "type": "work" }, { "value": "555", "type": "home" }],
              "addresses": [{ "locality": "Hollywood" }]
            }
            """, stored);
    }

    [Fact]
    public void More_values_than_the_limit_are_refused_with_400_invalidValue_naming_the_attribute()
    {
        var emails = new JsonArray([.. Enumerable.Range(0, ResourceValidator.MaxValuesPerAttribute + 1).Select(i => new JsonObject { ["value"] = $"u{i}@example.com" })]);

        var error = Assert.Throws<ScimException>(() => ReadUser($""" "emails": {emails.ToJsonString()} """));

        Assert.Equal(ScimErrorType.InvalidValue, error.ScimType);
        Assert.Contains("'emails'", error.Message, StringComparison.Ordinal);
        Assert.Contains("1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_may_have_more_members_than_the_limit()
    {
        var members = new JsonArray([.. Enumerable.Range(0, ResourceValidator.MaxValuesPerAttribute + 1).Select(i => new JsonObject { ["value"] = $"u{i}" })]);
        var body = new JsonObject { ["schemas"] = new JsonArray(ScimSchemas.Group), ["displayName"] = "All", ["members"] = members };

        var stored = ResourceValidator.ReadRepresentation(body, Registry.Group);

        Assert.Equal(ResourceValidator.MaxValuesPerAttribute + 1, stored["members"]!.AsArray().Count);
    }

    private static JsonObject ReadUser(string members) =>
        ResourceValidator.ReadRepresentation(
            JsonNode.Parse($$"""{ "schemas": ["{{Core}}"], "userName": "bjensen", {{members}} }""")!.AsObject(),
            Registry.User);
}
