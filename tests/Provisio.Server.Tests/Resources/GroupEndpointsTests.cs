using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

public sealed class GroupEndpointsTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task A_group_is_created_with_members_whose_ref_display_and_type_are_filled()
    {
        var scim = await factory.CreateTenantAsync();
        var alice = await scim.CreateUserAsync("alice@example.com");
        var inner = await scim.CreateGroupAsync("Inner");

        var group = await scim.CreateGroupAsync("Engineering", (string)alice["id"]!, (string)inner["id"]!);

        var members = group["members"]!.AsArray().Select(m => m!.AsObject()).ToDictionary(m => (string)m["value"]!);
        var user = members[(string)alice["id"]!];
        Assert.Equal("User", (string)user["type"]!);
        Assert.Equal("alice@example.com", (string)user["display"]!);
        Assert.Equal($"http://localhost{scim.BasePath}/Users/{alice["id"]}", (string)user["$ref"]!);
        var nested = members[(string)inner["id"]!];
        Assert.Equal("Group", (string)nested["type"]!);
        Assert.Equal("Inner", (string)nested["display"]!);
        Assert.Equal($"http://localhost{scim.BasePath}/Groups/{inner["id"]}", (string)nested["$ref"]!);
    }

    [Fact]
    public async Task User_groups_is_derived_from_membership_and_read_only()
    {
        var scim = await factory.CreateTenantAsync();
        var bob = await scim.CreateUserAsync("bob@example.com", u => u["groups"] = new JsonArray(new JsonObject { ["value"] = "forged" }));
        var group = await scim.CreateGroupAsync("Sales", (string)bob["id"]!);

        var read = (await scim.GetAsync($"/Users/{bob["id"]}")).Json;

        var groups = read["groups"]!.AsArray();
        var entry = Assert.Single(groups)!;
        Assert.Equal((string)group["id"]!, (string)entry["value"]!);
        Assert.Equal("Sales", (string)entry["display"]!);
        Assert.Equal("direct", (string)entry["type"]!);
        Assert.Equal($"http://localhost{scim.BasePath}/Groups/{group["id"]}", (string)entry["$ref"]!);
    }

    [Fact]
    public async Task A_member_that_does_not_exist_is_400_invalidValue_and_nothing_is_written()
    {
        var scim = await factory.CreateTenantAsync();
        var carol = await scim.CreateUserAsync("carol@example.com");

        var response = await scim.PostAsync("/Groups", ScimClient.NewGroup("Broken", (string)carol["id"]!, "no-such-user"));

        Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal(0, (int)(await scim.GetAsync("/Groups")).Json["totalResults"]!);
        Assert.Null((await scim.GetAsync($"/Users/{carol["id"]}")).Json["groups"]);
    }

    [Fact]
    public async Task A_member_without_an_id_is_refused_with_one_message_on_create_replace_and_patch_and_nothing_changes()
    {
        var scim = await factory.CreateTenantAsync();
        var dave = (string)(await scim.CreateUserAsync("dave@example.com"))["id"]!;
        var id = (string)(await scim.CreateGroupAsync("Kept", dave))["id"]!;
        static JsonObject WithMemberWithoutId(JsonObject group)
        {
            group["members"]!.AsArray().Add(new JsonObject { ["type"] = "User" });
            return group;
        }

        var responses = new[]
        {
            await scim.PostAsync("/Groups", WithMemberWithoutId(ScimClient.NewGroup("Broken", dave))),
            await scim.PutAsync($"/Groups/{id}", WithMemberWithoutId(ScimClient.NewGroup("Renamed"))),
            await scim.PatchAsync($"/Groups/{id}", """[{ "op": "add", "path": "members", "value": [{ "type": "User" }] }]"""),
        };

        Assert.All(responses, response =>
        {
            Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
            Assert.Equal("Every member needs a 'value' with the id of a User or Group.", (string)response.Json["detail"]!);
        });
        Assert.Equal(1, (int)(await scim.GetAsync("/Groups")).Json["totalResults"]!);
        var kept = (await scim.GetAsync($"/Groups/{id}")).Json;
        Assert.Equal("Kept", (string)kept["displayName"]!);
        Assert.Equal([dave], kept["members"]!.AsArray().Select(m => (string)m!["value"]!));
    }

    [Fact]
    public async Task A_member_of_another_tenant_is_400_invalidValue()
    {
        var scim = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        var stranger = await other.CreateUserAsync("stranger@example.com");

        var response = await scim.PostAsync("/Groups", ScimClient.NewGroup("Spies", (string)stranger["id"]!));

        Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Put_replaces_the_member_set_and_a_failed_put_keeps_every_member()
    {
        var scim = await factory.CreateTenantAsync();
        var a = (string)(await scim.CreateUserAsync("a@example.com"))["id"]!;
        var b = (string)(await scim.CreateUserAsync("b@example.com"))["id"]!;
        var c = (string)(await scim.CreateUserAsync("c@example.com"))["id"]!;
        var group = await scim.CreateGroupAsync("Team", a, b);
        var id = (string)group["id"]!;

        var put = await scim.PutAsync($"/Groups/{id}", ScimClient.NewGroup("Team", b, c));
        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(new[] { b, c }.Order(), MemberIds(put.Json).Order());

        var failed = await scim.PutAsync($"/Groups/{id}", ScimClient.NewGroup("Renamed", a, "ghost"));
        failed.AssertError(HttpStatusCode.BadRequest);
        var read = (await scim.GetAsync($"/Groups/{id}")).Json;
        Assert.Equal("Team", (string)read["displayName"]!);
        Assert.Equal(new[] { b, c }.Order(), MemberIds(read).Order());
    }

    [Fact]
    public async Task A_membership_change_bumps_the_group_version()
    {
        var scim = await factory.CreateTenantAsync();
        var a = (string)(await scim.CreateUserAsync("v1@example.com"))["id"]!;
        var group = await scim.CreateGroupAsync("Versioned");

        var put = await scim.PutAsync($"/Groups/{group["id"]}", ScimClient.NewGroup("Versioned", a));

        Assert.NotEqual((string)group["meta"]!["version"]!, (string)put.Json["meta"]!["version"]!);
    }

    [Fact]
    public async Task Deleting_a_user_removes_it_from_its_groups()
    {
        var scim = await factory.CreateTenantAsync();
        var a = (string)(await scim.CreateUserAsync("gone@example.com"))["id"]!;
        var b = (string)(await scim.CreateUserAsync("stays@example.com"))["id"]!;
        var group = await scim.CreateGroupAsync("Leavers", a, b);

        await scim.DeleteAsync($"/Users/{a}");

        var read = (await scim.GetAsync($"/Groups/{group["id"]}")).Json;
        Assert.Equal([b], MemberIds(read));
        Assert.NotEqual((string)group["meta"]!["version"]!, (string)read["meta"]!["version"]!);
    }

    [Fact]
    public async Task Deleting_a_group_leaves_its_members_and_clears_their_groups()
    {
        var scim = await factory.CreateTenantAsync();
        var a = (string)(await scim.CreateUserAsync("member@example.com"))["id"]!;
        var group = await scim.CreateGroupAsync("Temporary", a);

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Groups/{group["id"]}")).Status);

        (await scim.GetAsync($"/Groups/{group["id"]}")).AssertError(HttpStatusCode.NotFound);
        var user = (await scim.GetAsync($"/Users/{a}")).Json;
        Assert.Null(user["groups"]);
    }

    [Fact]
    public async Task ExcludedAttributes_members_leaves_members_out()
    {
        var scim = await factory.CreateTenantAsync();
        var a = (string)(await scim.CreateUserAsync("quiet@example.com"))["id"]!;
        var group = await scim.CreateGroupAsync("Quiet", a);

        var one = (await scim.GetAsync($"/Groups/{group["id"]}?excludedAttributes=members")).Json;
        var list = (await scim.GetAsync("/Groups?excludedAttributes=members&filter=displayName%20eq%20%22Quiet%22")).Json;

        Assert.Null(one["members"]);
        Assert.Equal("Quiet", (string)one["displayName"]!);
        Assert.Null(list["Resources"]![0]!["members"]);
        Assert.Equal(1, (int)list["totalResults"]!);
    }

    [Fact]
    public async Task A_group_cannot_be_its_own_member()
    {
        var scim = await factory.CreateTenantAsync();
        var group = await scim.CreateGroupAsync("Loop");

        var response = await scim.PutAsync($"/Groups/{group["id"]}", ScimClient.NewGroup("Loop", (string)group["id"]!));

        Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
    }

    private static List<string> MemberIds(JsonObject group) =>
        group["members"]?.AsArray().Select(m => (string)m!["value"]!).ToList() ?? [];
}
