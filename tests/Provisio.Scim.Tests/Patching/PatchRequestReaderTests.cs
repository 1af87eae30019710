using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Patching;

namespace Provisio.Scim.Tests.Patching;

public sealed class PatchRequestReaderTests
{
    private const string PatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    [Theory]
    [InlineData("add", PatchOp.Add)]
    [InlineData("Add", PatchOp.Add)]
    [InlineData("ADD", PatchOp.Add)]
    [InlineData("replace", PatchOp.Replace)]
    [InlineData("Replace", PatchOp.Replace)]
    [InlineData("rEpLaCe", PatchOp.Replace)]
    [InlineData("remove", PatchOp.Remove)]
    [InlineData("Remove", PatchOp.Remove)]
    public void Op_names_are_read_in_any_case(string op, PatchOp expected)
    {
        var operations = Read($$"""{ "schemas": ["{{PatchOpSchema}}"], "Operations": [{ "op": "{{op}}", "path": "title", "value": "x" }] }""");

        Assert.Equal(expected, Assert.Single(operations).Op);
    }

    [Fact]
    public void Path_and_value_are_kept_as_sent()
    {
        var operation = Assert.Single(Read($$"""{ "schemas": ["{{PatchOpSchema}}"], "Operations": [{ "op": "Replace", "path": "emails[type eq \"work\"].value", "value": "a@b.c" }] }"""));

        Assert.Equal("emails[type eq \"work\"].value", operation.Path);
        Assert.Equal("a@b.c", (string?)operation.Value);
    }

    [Fact]
    public void A_body_without_schemas_is_accepted()
    {
        var operations = Read("""{ "Operations": [{ "op": "replace", "value": { "active": false } }] }""");

        var operation = Assert.Single(operations);
        Assert.Null(operation.Path);
        Assert.Equal(PatchOp.Replace, operation.Op);
    }

    [Fact]
    public void Empty_operations_are_a_valid_request()
    {
        Assert.Empty(Read($$"""{ "schemas": ["{{PatchOpSchema}}"], "Operations": [] }"""));
    }

    [Fact]
    public void Exactly_the_maximum_number_of_operations_is_accepted()
    {
        Assert.Equal(3, PatchRequestReader.Read(Body(3), maxOperations: 3).Count);
    }

    [Theory]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "Operations": [] }""", ScimErrorType.InvalidSyntax)]
    [InlineData("""{ "schemas": [], "Operations": [] }""", ScimErrorType.InvalidSyntax)]
    [InlineData("""{ "schemas": "urn:ietf:params:scim:api:messages:2.0:PatchOp", "Operations": [] }""", ScimErrorType.InvalidSyntax)]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"] }""", ScimErrorType.InvalidSyntax)]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": { "op": "add" } }""", ScimErrorType.InvalidSyntax)]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": null }""", ScimErrorType.InvalidSyntax)]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ["add"] }""", ScimErrorType.InvalidSyntax)]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "op": "move", "path": "title" }] }""", ScimErrorType.InvalidSyntax)]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "op": "copy", "from": "title", "path": "nickName" }] }""", ScimErrorType.InvalidSyntax)]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "path": "title", "value": "x" }] }""", ScimErrorType.InvalidSyntax)]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "op": true, "path": "title" }] }""", ScimErrorType.InvalidSyntax)]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "op": "add", "path": 42, "value": "x" }] }""", ScimErrorType.InvalidPath)]
    public void A_malformed_body_fails_with_the_expected_scimType(string body, string scimType)
    {
        var error = Assert.Throws<ScimException>(() => Read(body));

        Assert.Equal(400, error.Status);
        Assert.Equal(scimType, error.ScimType);
    }

    [Fact]
    public void More_operations_than_the_maximum_is_tooMany()
    {
        var error = Assert.Throws<ScimException>(() => PatchRequestReader.Read(Body(4), maxOperations: 3));

        Assert.Equal(400, error.Status);
        Assert.Equal(ScimErrorType.TooMany, error.ScimType);
    }

    private static IReadOnlyList<PatchOperation> Read(string body) =>
        PatchRequestReader.Read(JsonNode.Parse(body)!.AsObject(), maxOperations: 100);

    private static JsonObject Body(int operations) => new()
    {
        ["schemas"] = new JsonArray(PatchOpSchema),
        ["Operations"] = new JsonArray([.. Enumerable.Range(0, operations).Select(i => (JsonNode)new JsonObject
        {
            ["op"] = "add",
            ["path"] = "nickName",
            ["value"] = $"n{i}",
        })]),
    };
}
