using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Patching;

/// <summary>
/// RFC 7644 §3.14: the version changes whenever the representation does, also when the change comes through
/// membership (a user's <c>groups</c>, a group's <c>members[].display</c>), so a conditional GET never answers a stale 304.
/// </summary>
public sealed class MembershipEtagTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Joining_and_leaving_a_group_changes_the_users_etag()
    {
        var scim = await factory.CreateTenantAsync();
        var user = (string)(await scim.CreateUserAsync("alice@example.com"))["id"]!;
        var group = (string)(await scim.CreateGroupAsync("Team"))["id"]!;
        var before = await scim.VersionOfAsync($"/Users/{user}");

        await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "add", "path": "members", "value": [{ "value": "{{user}}" }] }]""");
        var joined = await ReadChangedAsync(scim, $"/Users/{user}", before);
        await scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "remove", "path": "members[value eq \"{{user}}\"]" }]""");
        var left = await ReadChangedAsync(scim, $"/Users/{user}", joined.Version());

        Assert.Equal(new[] { group }, joined.Json.Ids("groups"));
        Assert.Empty(left.Json.Ids("groups"));
    }

    [Fact]
    public async Task Creating_replacing_and_deleting_a_group_changes_its_users_etags()
    {
        var scim = await factory.CreateTenantAsync();
        var alice = (string)(await scim.CreateUserAsync("alice@example.com"))["id"]!;
        var bob = (string)(await scim.CreateUserAsync("bob@example.com"))["id"]!;
        var aliceBefore = await scim.VersionOfAsync($"/Users/{alice}");
        var bobBefore = await scim.VersionOfAsync($"/Users/{bob}");

        var group = (string)(await scim.CreateGroupAsync("Team", alice))["id"]!;
        var aliceIn = await ReadChangedAsync(scim, $"/Users/{alice}", aliceBefore);
        Assert.Equal(bobBefore, await scim.VersionOfAsync($"/Users/{bob}"));
        Assert.Equal(HttpStatusCode.OK, (await scim.PutAsync($"/Groups/{group}", ScimClient.NewGroup("Team", bob))).Status);
        var aliceOut = await ReadChangedAsync(scim, $"/Users/{alice}", aliceIn.Version());
        var bobIn = await ReadChangedAsync(scim, $"/Users/{bob}", bobBefore);
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Groups/{group}")).Status);
        var bobOut = await ReadChangedAsync(scim, $"/Users/{bob}", bobIn.Version());

        Assert.Equal(new[] { group }, aliceIn.Json.Ids("groups"));
        Assert.Empty(aliceOut.Json.Ids("groups"));
        Assert.Equal(new[] { group }, bobIn.Json.Ids("groups"));
        Assert.Empty(bobOut.Json.Ids("groups"));
    }

    [Fact]
    public async Task Renaming_a_member_changes_the_groups_etag_and_members_display()
    {
        var scim = await factory.CreateTenantAsync();
        var user = (string)(await scim.CreateUserAsync("alice@example.com"))["id"]!;
        var group = (string)(await scim.CreateGroupAsync("Team", user))["id"]!;
        var before = await scim.VersionOfAsync($"/Groups/{group}");

        await scim.PatchAsync($"/Users/{user}", """[{ "op": "replace", "path": "displayName", "value": "Alice Liddell" }]""");
        var renamed = await ReadChangedAsync(scim, $"/Groups/{group}", before);
        await scim.PatchAsync($"/Users/{user}", """[{ "op": "replace", "path": "title", "value": "Engineer" }]""");

        Assert.Equal("Alice Liddell", (string)renamed.Json["members"]![0]!["display"]!);
        // A change the group does not show leaves its version alone.
        Assert.Equal(renamed.Version(), await scim.VersionOfAsync($"/Groups/{group}"));
    }

    [Fact]
    public async Task Renaming_a_group_changes_its_users_and_parent_groups_etags()
    {
        var scim = await factory.CreateTenantAsync();
        var user = (string)(await scim.CreateUserAsync("alice@example.com"))["id"]!;
        var inner = (string)(await scim.CreateGroupAsync("Inner", user))["id"]!;
        var outer = (string)(await scim.CreateGroupAsync("Outer", inner))["id"]!;
        var userBefore = await scim.VersionOfAsync($"/Users/{user}");
        var outerBefore = await scim.VersionOfAsync($"/Groups/{outer}");

        await scim.PatchAsync($"/Groups/{inner}", """[{ "op": "replace", "path": "displayName", "value": "Inner renamed" }]""");
        var userAfter = await ReadChangedAsync(scim, $"/Users/{user}", userBefore);
        var outerAfter = await ReadChangedAsync(scim, $"/Groups/{outer}", outerBefore);

        // The user is in Inner directly and in Outer through it: its Inner entry shows the new name.
        Assert.Equal("Inner renamed", (string)userAfter.Json["groups"]!.AsArray().Single(g => (string)g!["value"]! == inner)!["display"]!);
        Assert.Equal("Inner renamed", (string)outerAfter.Json["members"]![0]!["display"]!);
    }

    [Fact]
    public async Task Deleting_a_member_changes_the_groups_etag()
    {
        var scim = await factory.CreateTenantAsync();
        var user = (string)(await scim.CreateUserAsync("alice@example.com"))["id"]!;
        var group = (string)(await scim.CreateGroupAsync("Team", user))["id"]!;
        var before = await scim.VersionOfAsync($"/Groups/{group}");

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{user}")).Status);
        var after = await ReadChangedAsync(scim, $"/Groups/{group}", before);

        Assert.Null(after.Json["members"]);
    }

    /// <summary>A conditional GET with the old version: the resource changed, so the answer is 200 with a new version.</summary>
    private static async Task<ScimResponse> ReadChangedAsync(ScimClient scim, string path, string oldVersion)
    {
        var read = await scim.SendWithHeaderAsync(HttpMethod.Get, path, null, "If-None-Match", oldVersion);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.NotEqual(oldVersion, read.Version());
        return read;
    }
}
