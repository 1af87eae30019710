using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Patching;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Patching;

/// <summary>
/// PATCH on a Group: members never enter the document; each operation on <c>members</c> becomes a
/// <see cref="MembershipOperation"/> for the store, in order.
/// </summary>
public sealed class GroupPatchEngineTests
{
    private const string Group = """{ "displayName": "Tour Guides", "externalId": "okta-00g1" }""";

    private static readonly ResourceTypeDefinition Type = SchemaRegistry.CreateDefault().Group;

    [Fact]
    public void Adding_members_with_a_null_ref_becomes_one_add_of_their_ids()
    {
        var result = Patch("""[{ "op": "Add", "path": "members", "value": [{ "$ref": null, "value": "u1" }, { "value": "u2", "display": "Babs" }] }]""");

        var add = Assert.IsType<AddMembers>(Assert.Single(result.Membership));
        Assert.Equal(new[] { "u1", "u2" }, add.Ids);
        UnorderedJson.Equal(Group, result.Attributes);
    }

    [Fact]
    public void Removing_by_a_value_filter_matches_only_that_member()
    {
        var result = Patch("""[{ "op": "remove", "path": "members[value eq \"u1\"]" }]""");

        var remove = Assert.IsType<RemoveMembersWhere>(Assert.Single(result.Membership));
        Assert.True(remove.Matches(new JsonObject { ["value"] = "u1", ["type"] = "User" }));
        Assert.False(remove.Matches(new JsonObject { ["value"] = "u2", ["type"] = "User" }));
        UnorderedJson.Equal(Group, result.Attributes);
    }

    [Fact]
    public void Removing_with_a_value_list_removes_only_the_listed_ids()
    {
        var result = Patch("""[{ "op": "Remove", "path": "members", "value": [{ "$ref": null, "value": "u1" }, { "value": "u3" }] }]""");

        var remove = Assert.IsType<RemoveMembers>(Assert.Single(result.Membership));
        Assert.Equal(new[] { "u1", "u3" }, remove.Ids);
    }

    [Fact]
    public void Removing_members_without_a_value_removes_them_all()
    {
        var result = Patch("""[{ "op": "remove", "path": "members" }]""");

        var replace = Assert.IsType<ReplaceMembers>(Assert.Single(result.Membership));
        Assert.Empty(replace.Ids);
    }

    [Fact]
    public void Replacing_members_sets_the_full_list()
    {
        var result = Patch("""[{ "op": "replace", "path": "members", "value": [{ "value": "u1" }, { "value": "u2" }] }]""");

        var replace = Assert.IsType<ReplaceMembers>(Assert.Single(result.Membership));
        Assert.Equal(new[] { "u1", "u2" }, replace.Ids);
    }

    [Fact]
    public void Okta_remove_then_add_keeps_the_order_of_the_operations()
    {
        var result = Patch("""
            [
              { "op": "remove", "path": "members[value eq \"89bb1940-b905-4575-9e7f-6f887cfb368e\"]" },
              { "op": "add", "path": "members", "value": [{ "value": "23a35c27-23d3-4c03-b4c5-6443c09e7173", "display": "test.user@okta.local" }] }
            ]
            """);

        Assert.Collection(
            result.Membership,
            first => Assert.True(Assert.IsType<RemoveMembersWhere>(first).Matches(new JsonObject { ["value"] = "89bb1940-b905-4575-9e7f-6f887cfb368e" })),
            second => Assert.Equal(new[] { "23a35c27-23d3-4c03-b4c5-6443c09e7173" }, Assert.IsType<AddMembers>(second).Ids));
    }

    [Fact]
    public void Okta_rename_with_the_group_id_in_the_value_renames_and_does_not_touch_members()
    {
        var result = Patch("""[{ "op": "replace", "value": { "id": "abf4dd94-a4c0-4f67-89c9-76b03340cb9b", "displayName": "Test SCIMv2" } }]""");

        UnorderedJson.Equal("""{ "displayName": "Test SCIMv2", "externalId": "okta-00g1" }""", result.Attributes);
        Assert.Empty(result.Membership);
    }

    [Theory]
    [InlineData("""[{ "op": "remove", "path": "displayName" }]""", ScimErrorType.Mutability)]
    [InlineData("""[{ "op": "add", "path": "members" }]""", ScimErrorType.InvalidValue)]
    [InlineData("""[{ "op": "add", "path": "members", "value": [{ "display": "no id" }] }]""", ScimErrorType.InvalidValue)]
    [InlineData("""[{ "op": "add", "path": "members", "value": [{ "value": "" }] }]""", ScimErrorType.InvalidValue)]
    [InlineData("""[{ "op": "add", "path": "members[value eq \"u1\"]", "value": [{ "value": "u1" }] }]""", ScimErrorType.InvalidPath)]
    [InlineData("""[{ "op": "replace", "path": "members.display", "value": "x" }]""", ScimErrorType.InvalidPath)]
    [InlineData("""[{ "op": "replace", "path": "id", "value": "x" }]""", ScimErrorType.Mutability)]
    public void An_invalid_group_patch_fails_with_the_expected_scimType(string operations, string scimType)
    {
        var error = Assert.Throws<ScimException>(() => Patch(operations));

        Assert.Equal(400, error.Status);
        Assert.Equal(scimType, error.ScimType);
    }

    private static PatchResult Patch(string operations) => PatchEngineTests.Patch(Type, Group, operations);
}
