using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Passwords;
using Provisio.Scim.Patching;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Passwords;

public sealed class SentPasswordTests
{
    private const string Core = ScimSchemas.User;

    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    [Theory]
    [InlineData("""{ "password": "p1" }""")]
    [InlineData("""{ "PassWord": "p1" }""")]
    [InlineData($$"""{ "{{Core}}:password": "p1" }""")]
    [InlineData($$"""{ "{{Core}}": { "password": "p1" } }""")]
    public void A_body_sets_the_password_under_any_spelling(string attributes)
    {
        var body = JsonNode.Parse(attributes)!.AsObject();
        body["schemas"] = new JsonArray(Core);
        body["userName"] = "bjensen";

        Assert.Equal("p1", SentPassword.FromRepresentation(body, Registry.User));
    }

    [Fact]
    public void A_body_without_a_password_or_with_null_sets_none()
    {
        Assert.Null(SentPassword.FromRepresentation(JsonNode.Parse("""{ "userName": "a" }""")!.AsObject(), Registry.User));
        Assert.Null(SentPassword.FromRepresentation(JsonNode.Parse("""{ "userName": "a", "password": null }""")!.AsObject(), Registry.User));
    }

    [Fact]
    public void A_group_has_no_password()
    {
        Assert.Null(SentPassword.FromRepresentation(JsonNode.Parse("""{ "displayName": "a", "password": "p" }""")!.AsObject(), Registry.Group));
    }

    [Theory]
    [InlineData("""[{ "op": "replace", "path": "password", "value": "p1" }]""")]
    [InlineData("""[{ "op": "Add", "path": "PASSWORD", "value": "p1" }]""")]
    [InlineData($$"""[{ "op": "replace", "path": "{{Core}}:password", "value": "p1" }]""")]
    [InlineData("""[{ "op": "replace", "value": { "password": "p1", "active": true } }]""")]
    [InlineData($$"""[{ "op": "replace", "value": { "{{Core}}:password": "p1" } }]""")]
    [InlineData($$"""[{ "op": "replace", "path": "{{Core}}", "value": { "password": "p1" } }]""")]
    [InlineData($$"""[{ "op": "add", "value": { "{{Core}}": { "password": "p1" } } }]""")]
    [InlineData("""[{ "op": "replace", "path": "password", "value": "p0" }, { "op": "replace", "path": "password", "value": "p1" }]""")]
    [InlineData("""[{ "op": "replace", "path": "password", "value": "p1" }, { "op": "remove", "path": "password" }]""")]
    public void A_patch_sets_the_password_under_any_spelling_and_the_last_one_wins(string operations)
    {
        Assert.Equal("p1", SentPassword.FromPatch(Read(operations), Registry.User));
    }

    [Theory]
    [InlineData("""[{ "op": "replace", "path": "title", "value": "p1" }]""")]
    [InlineData("""[{ "op": "replace", "path": "emails[type eq \"work\"].value", "value": "p1" }]""")]
    [InlineData("""[{ "op": "replace", "path": "not a path", "value": "p1" }]""")]
    [InlineData("""[{ "op": "replace", "path": "password", "value": null }]""")]
    [InlineData("""[{ "op": "remove", "path": "password" }]""")]
    public void A_patch_that_does_not_set_the_password_sets_none(string operations)
    {
        Assert.Null(SentPassword.FromPatch(Read(operations), Registry.User));
    }

    [Theory]
    [InlineData("""[{ "op": "replace", "path": "password", "value": "" }]""")]
    [InlineData("""[{ "op": "replace", "path": "password", "value": 42 }]""")]
    [InlineData("""[{ "op": "replace", "value": { "password": { "value": "x" } } }]""")]
    public void An_empty_or_non_string_password_is_an_invalid_value(string operations)
    {
        var error = Assert.Throws<ScimException>(() => SentPassword.FromPatch(Read(operations), Registry.User));

        Assert.Equal(ScimErrorType.InvalidValue, error.ScimType);
        Assert.DoesNotContain("\"x\"", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<PatchOperation> Read(string operations) =>
        PatchRequestReader.Read(JsonNode.Parse($$"""{ "schemas": ["{{ScimSchemas.PatchOp}}"], "Operations": {{operations}} }""")!.AsObject(), 100);
}
