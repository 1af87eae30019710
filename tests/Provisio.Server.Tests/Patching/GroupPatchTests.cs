using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Patching;

/// <summary>PATCH /Groups/{id} over HTTP: members as the IdPs add, remove and replace them.</summary>
public sealed class GroupPatchTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Add_members_with_a_null_ref_answers_200_with_the_members()
    {
        var (scim, group, users) = await GroupWithAsync(members: 1, others: 1);

        var response = await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "Add", "path": "members", "value": [{ "$ref": null, "value": "{{users[1]}}" }] }]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(Sorted(users[0], users[1]), response.Json.Ids("members"));
        var added = Assert.Single(response.Json["members"]!.AsArray(), m => (string)m!["value"]! == users[1]);
        Assert.Equal("User", (string)added!["type"]!);
        Assert.Equal("user1@example.com", (string)added["display"]!);
        Assert.Equal(Sorted(users[0], users[1]), (await scim.GetAsync($"/Groups/{group}")).Json.Ids("members"));
    }

    [Fact]
    public async Task Adding_a_member_who_is_already_in_the_group_changes_nothing()
    {
        var (scim, group, users) = await GroupWithAsync(members: 2);
        var before = await scim.VersionOfAsync($"/Groups/{group}");

        var response = await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "add", "path": "members", "value": [{ "value": "{{users[0]}}" }] }]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(before, response.Version());
        Assert.Equal(Sorted(users[0], users[1]), response.Json.Ids("members"));
    }

    [Fact]
    public async Task Removing_a_member_who_is_not_in_the_group_succeeds_and_changes_nothing()
    {
        var (scim, group, users) = await GroupWithAsync(members: 1, others: 1);
        var before = await scim.VersionOfAsync($"/Groups/{group}");

        var byFilter = await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "remove", "path": "members[value eq \"{{users[1]}}\"]" }]""");
        var byList = await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "Remove", "path": "members", "value": [{ "value": "{{users[1]}}" }, { "value": "never-existed" }] }]""");

        Assert.Equal(HttpStatusCode.OK, byFilter.Status);
        Assert.Equal(HttpStatusCode.OK, byList.Status);
        Assert.Equal(before, byList.Version());
        Assert.Equal(new[] { users[0] }, byList.Json.Ids("members"));
    }

    [Fact]
    public async Task Remove_by_value_filter_removes_only_that_member()
    {
        var (scim, group, users) = await GroupWithAsync(members: 3);
        var before = await scim.VersionOfAsync($"/Groups/{group}");

        var response = await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "remove", "path": "members[value eq \"{{users[1]}}\"]" }]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(Sorted(users[0], users[2]), response.Json.Ids("members"));
        Assert.NotEqual(before, response.Version());
    }

    [Fact]
    public async Task Remove_by_a_filter_on_display_removes_the_matching_member()
    {
        var (scim, group, users) = await GroupWithAsync(members: 2);

        var response = await scim.PatchAsync($"/Groups/{group}", """[{ "op": "remove", "path": "members[display eq \"user1@example.com\"]" }]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(new[] { users[0] }, response.Json.Ids("members"));
    }

    [Fact]
    public async Task Remove_with_a_value_list_removes_only_the_listed_members()
    {
        var (scim, group, users) = await GroupWithAsync(members: 3);

        var response = await scim.PatchAsync($"/Groups/{group}", $$"""
            [{ "op": "Remove", "path": "members", "value": [{ "$ref": null, "value": "{{users[0]}}" }, { "value": "{{users[2]}}" }] }]
            """);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(new[] { users[1] }, response.Json.Ids("members"));
        Assert.Equal(new[] { users[1] }, (await scim.GetAsync($"/Groups/{group}")).Json.Ids("members"));
    }

    [Fact]
    public async Task Replace_members_sets_the_full_member_list()
    {
        var (scim, group, users) = await GroupWithAsync(members: 2, others: 2);

        var response = await scim.PatchAsync($"/Groups/{group}", $$"""
            [{ "op": "replace", "path": "members", "value": [{ "value": "{{users[1]}}" }, { "value": "{{users[2]}}" }, { "value": "{{users[3]}}" }] }]
            """);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(Sorted(users[1], users[2], users[3]), response.Json.Ids("members"));
    }

    [Fact]
    public async Task Remove_of_members_without_a_value_removes_every_member()
    {
        var (scim, group, users) = await GroupWithAsync(members: 3);

        var response = await scim.PatchAsync($"/Groups/{group}", """[{ "op": "remove", "path": "members" }]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Empty(response.Json.Ids("members"));
        Assert.Empty((await scim.GetAsync($"/Groups/{group}")).Json.Ids("members"));
        Assert.Null((await scim.GetAsync($"/Users/{users[0]}")).Json["groups"]);
    }

    [Fact]
    public async Task Member_operations_apply_in_the_order_sent()
    {
        var (scim, group, users) = await GroupWithAsync(members: 2, others: 1);

        var response = await scim.PatchAsync($"/Groups/{group}", $$"""
            [
              { "op": "remove", "path": "members" },
              { "op": "add", "path": "members", "value": [{ "value": "{{users[2]}}" }, { "value": "{{users[2]}}" }, { "value": "{{users[0]}}" }] },
              { "op": "remove", "path": "members[value eq \"{{users[0]}}\"]" }
            ]
            """);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(new[] { users[2] }, response.Json.Ids("members"));
    }

    [Fact]
    public async Task Patch_of_a_group_through_the_users_endpoint_or_the_reverse_is_404()
    {
        var (scim, group, users) = await GroupWithAsync(members: 1);

        var groupAsUser = await scim.PatchAsync($"/Users/{group}", """[{ "op": "replace", "path": "displayName", "value": "x" }]""");
        var userAsGroup = await scim.PatchAsync($"/Groups/{users[0]}", """[{ "op": "replace", "path": "displayName", "value": "x" }]""");

        groupAsUser.AssertError(HttpStatusCode.NotFound);
        userAsGroup.AssertError(HttpStatusCode.NotFound);
        Assert.Equal("Team", (string)(await scim.GetAsync($"/Groups/{group}")).Json["displayName"]!);
    }

    [Fact]
    public async Task A_member_that_does_not_exist_fails_the_whole_patch_with_400_invalidValue()
    {
        var (scim, group, users) = await GroupWithAsync(members: 2, others: 1);
        var before = await scim.GetAsync($"/Groups/{group}");

        var response = await scim.PatchAsync($"/Groups/{group}", $$"""
            [
              { "op": "replace", "path": "displayName", "value": "Renamed" },
              { "op": "remove", "path": "members[value eq \"{{users[0]}}\"]" },
              { "op": "add", "path": "members", "value": [{ "value": "{{users[2]}}" }] },
              { "op": "add", "path": "members", "value": [{ "value": "no-such-user" }] }
            ]
            """);

        Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
        var after = await scim.GetAsync($"/Groups/{group}");
        Assert.Equal("Team", (string)after.Json["displayName"]!);
        Assert.Equal(Sorted(users[0], users[1]), after.Json.Ids("members"));
        Assert.Equal(before.Version(), after.Version());
        Assert.Null((await scim.GetAsync($"/Users/{users[2]}")).Json["groups"]);
    }

    [Fact]
    public async Task A_member_of_another_tenant_is_400_invalidValue()
    {
        var (scim, group, users) = await GroupWithAsync(members: 1);
        var stranger = (string)(await (await factory.CreateTenantAsync()).CreateUserAsync("stranger@example.com"))["id"]!;

        var response = await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "add", "path": "members", "value": [{ "value": "{{stranger}}" }] }]""");

        Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal(new[] { users[0] }, (await scim.GetAsync($"/Groups/{group}")).Json.Ids("members"));
    }

    [Fact]
    public async Task A_group_can_be_added_as_a_member_but_not_to_itself()
    {
        var (scim, group, _) = await GroupWithAsync(members: 0);
        var inner = (string)(await scim.CreateGroupAsync("Inner"))["id"]!;

        var nested = await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "add", "path": "members", "value": [{ "value": "{{inner}}" }] }]""");
        var itself = await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "add", "path": "members", "value": [{ "value": "{{group}}" }] }]""");

        Assert.Equal(HttpStatusCode.OK, nested.Status);
        Assert.Equal("Group", (string)nested.Json["members"]![0]!["type"]!);
        Assert.Equal("invalidValue", itself.AssertError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Okta_rename_with_the_group_id_in_the_value_keeps_the_members()
    {
        var (scim, group, users) = await GroupWithAsync(members: 2);

        var response = await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "replace", "value": { "id": "{{group}}", "displayName": "Test SCIMv2" } }]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Test SCIMv2", (string)response.Json["displayName"]!);
        Assert.Equal(group, (string)response.Json["id"]!);
        Assert.Equal(Sorted(users[0], users[1]), response.Json.Ids("members"));
    }

    [Fact]
    public async Task User_groups_follows_membership_patches()
    {
        var (scim, group, users) = await GroupWithAsync(members: 0, others: 1);

        await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "add", "path": "members", "value": [{ "value": "{{users[0]}}" }] }]""");
        var joined = (await scim.GetAsync($"/Users/{users[0]}")).Json;
        await scim.PatchAsync($"/Groups/{group}", """[{ "op": "replace", "path": "displayName", "value": "Renamed Team" }]""");
        var renamed = (await scim.GetAsync($"/Users/{users[0]}")).Json;
        await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "remove", "path": "members[value eq \"{{users[0]}}\"]" }]""");
        var left = (await scim.GetAsync($"/Users/{users[0]}")).Json;

        Assert.Equal(new[] { group }, joined.Ids("groups"));
        Assert.Equal("Renamed Team", (string)renamed["groups"]![0]!["display"]!);
        Assert.Null(left["groups"]);
    }

    [Fact]
    public async Task A_membership_patch_on_a_group_over_GroupPatchFullResponseLimit_answers_204_with_the_etag()
    {
        using var small = new ProvisioFactory();
        small.Settings["Provisio:GroupPatchFullResponseLimit"] = "2";
        var (scim, group, users) = await GroupWithAsync(small, members: 3, others: 1);

        var response = await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "Add", "path": "members", "value": [{ "$ref": null, "value": "{{users[3]}}" }] }]""");

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal("", response.Body);
        var read = await scim.GetAsync($"/Groups/{group}");
        Assert.Equal(read.Version(), response.Headers.ETag?.ToString());
        Assert.Equal(4, read.Json.Ids("members").Count);
    }

    [Fact]
    public async Task A_membership_patch_over_the_limit_that_excludes_members_answers_200_without_them()
    {
        using var small = new ProvisioFactory();
        small.Settings["Provisio:GroupPatchFullResponseLimit"] = "2";
        var (scim, group, users) = await GroupWithAsync(small, members: 3, others: 1);

        var response = await scim.PatchAsync($"/Groups/{group}?excludedAttributes=members", $$"""[{ "op": "Add", "path": "members", "value": [{ "value": "{{users[3]}}" }] }]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Team", (string)response.Json["displayName"]!);
        Assert.Null(response.Json["members"]);
        Assert.Equal(4, (await scim.GetAsync($"/Groups/{group}")).Json.Ids("members").Count);
    }

    [Fact]
    public async Task A_patch_that_does_not_touch_members_answers_200_even_over_the_limit()
    {
        using var small = new ProvisioFactory();
        small.Settings["Provisio:GroupPatchFullResponseLimit"] = "2";
        var (scim, group, _) = await GroupWithAsync(small, members: 3);

        var response = await scim.PatchAsync($"/Groups/{group}", """[{ "op": "Replace", "path": "displayName", "value": "Renamed" }]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Renamed", (string)response.Json["displayName"]!);
        Assert.Equal(3, response.Json.Ids("members").Count);
    }

    [Fact]
    public async Task A_membership_patch_at_the_limit_still_answers_200_with_the_members()
    {
        using var small = new ProvisioFactory();
        small.Settings["Provisio:GroupPatchFullResponseLimit"] = "2";
        var (scim, group, users) = await GroupWithAsync(small, members: 3);

        var response = await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "remove", "path": "members[value eq \"{{users[2]}}\"]" }]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(Sorted(users[0], users[1]), response.Json.Ids("members"));
    }

    private Task<(ScimClient Scim, string Group, List<string> Users)> GroupWithAsync(int members, int others = 0) =>
        GroupWithAsync(factory, members, others);

    /// <summary>A tenant with users user0…, the first <paramref name="members"/> of them in the group "Team".</summary>
    private static async Task<(ScimClient Scim, string Group, List<string> Users)> GroupWithAsync(ProvisioFactory server, int members, int others = 0)
    {
        var scim = await server.CreateTenantAsync();
        var users = new List<string>();
        for (var i = 0; i < members + others; i++)
        {
            users.Add((string)(await scim.CreateUserAsync($"user{i}@example.com"))["id"]!);
        }
        var group = (string)(await scim.CreateGroupAsync("Team", [.. users.Take(members)]))["id"]!;
        return (scim, group, users);
    }

    private static List<string> Sorted(params string[] ids) => ids.Order(StringComparer.Ordinal).ToList();
}
