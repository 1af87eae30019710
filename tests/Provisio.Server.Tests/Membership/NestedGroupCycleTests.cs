using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Lifecycle;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;
using static Provisio.Server.Tests.Bulk.BulkRequests;

namespace Provisio.Server.Tests.Membership;

/// <summary>A group may hold groups but never itself, directly or through nesting: such writes are refused whole.</summary>
public sealed class NestedGroupCycleTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task An_idp_shaped_patch_adds_a_group_as_a_member()
    {
        var scim = await factory.CreateTenantAsync();
        var engineering = Id(await scim.CreateGroupAsync("Engineering"));
        var platform = Id(await scim.CreateGroupAsync("Engineering/Platform"));

        // What Okta and Entra send: a members add without a type.
        var response = await scim.PatchAsync($"/Groups/{engineering}", $$"""[{"op":"add","path":"members","value":[{"value":"{{platform}}"}]}]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var member = Assert.Single(response.Json["members"]!.AsArray())!;
        Assert.Equal((platform, "Group", "Engineering/Platform"), ((string)member["value"]!, (string)member["type"]!, (string)member["display"]!));
    }

    [Fact]
    public async Task A_group_cannot_be_added_to_itself()
    {
        var scim = await factory.CreateTenantAsync();
        var a = Id(await scim.CreateGroupAsync("A"));

        await AssertRefusedAsync(scim, () => scim.PatchAsync($"/Groups/{a}", AddMember(a)), [a]);
    }

    [Fact]
    public async Task A_group_cannot_be_added_to_a_group_inside_it()
    {
        var scim = await factory.CreateTenantAsync();
        var platform = Id(await scim.CreateGroupAsync("Engineering/Platform"));
        var engineering = Id(await scim.CreateGroupAsync("Engineering", platform));

        var refused = await AssertRefusedAsync(scim, () => scim.PatchAsync($"/Groups/{platform}", AddMember(engineering)), [engineering, platform]);

        Assert.Equal(
            "Group 'Engineering' cannot become a member of 'Engineering/Platform': 'Engineering/Platform' is already inside it, and groups may not contain themselves.",
            (string)refused.Json["detail"]!);
    }

    [Fact]
    public async Task A_three_group_cycle_is_refused_through_put_with_the_other_members_untouched()
    {
        var scim = await factory.CreateTenantAsync();
        var ada = Id(await scim.CreateUserAsync("ada@example.com"));
        var c = Id(await scim.CreateGroupAsync("C", ada));
        var b = Id(await scim.CreateGroupAsync("B", c));
        var a = Id(await scim.CreateGroupAsync("A", b));

        // Replacing C's members with Ada and A would close A → B → C → A.
        await AssertRefusedAsync(scim, () => scim.PutAsync($"/Groups/{c}", ScimClient.NewGroup("C", ada, a)), [a, b, c]);
    }

    [Fact]
    public async Task A_cycle_closed_through_bulk_is_refused_and_changes_nothing()
    {
        var scim = await factory.CreateTenantAsync();
        var b = Id(await scim.CreateGroupAsync("B"));
        var a = Id(await scim.CreateGroupAsync("A", b));
        var before = await SnapshotAsync(scim, [a, b]);
        var events = (await factory.EventsAsync(scim.TenantId!)).Count;

        var results = await SendAsync(scim, Request(Operation("PATCH", $"/Groups/{b}",
            PatchOp(new JsonObject { ["op"] = "add", ["path"] = "members", ["value"] = new JsonArray(new JsonObject { ["value"] = a }) }))));

        Assert.Equal("400", (string)results[0]["status"]!);
        Assert.Equal("invalidValue", (string)results[0]["response"]!["scimType"]!);
        Assert.Equal(before, await SnapshotAsync(scim, [a, b]));
        Assert.Equal(events, (await factory.EventsAsync(scim.TenantId!)).Count);
    }

    [Fact]
    public async Task A_refused_patch_changes_none_of_its_other_operations()
    {
        var scim = await factory.CreateTenantAsync();
        var ada = Id(await scim.CreateUserAsync("ada@example.com"));
        var b = Id(await scim.CreateGroupAsync("B"));
        var a = Id(await scim.CreateGroupAsync("A", b));

        // Ada would join B and B would be renamed, but A going into B is refused: nothing happens.
        await AssertRefusedAsync(scim, () => scim.PatchAsync($"/Groups/{b}", $$"""
            [{"op":"add","path":"members","value":[{"value":"{{ada}}"}]},
             {"op":"replace","path":"displayName","value":"Renamed"},
             {"op":"add","path":"members","value":[{"value":"{{a}}"}]}]
            """), [a, b, ada]);
    }

    private static string AddMember(string id) => $$"""[{"op":"add","path":"members","value":[{"value":"{{id}}"}]}]""";

    /// <summary>Sends the write, asserts a 400 invalidValue, and that the resources and the outbox did not change.</summary>
    private async Task<ScimResponse> AssertRefusedAsync(ScimClient scim, Func<Task<ScimResponse>> write, string[] ids)
    {
        var before = await SnapshotAsync(scim, ids);
        var events = (await factory.EventsAsync(scim.TenantId!)).Count;

        var response = await write();

        Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal(before, await SnapshotAsync(scim, ids));
        Assert.Equal(events, (await factory.EventsAsync(scim.TenantId!)).Count);
        return response;
    }

    /// <summary>Each resource as served, versions and membership included.</summary>
    private static async Task<List<string>> SnapshotAsync(ScimClient scim, string[] ids)
    {
        var snapshot = new List<string>();
        foreach (var id in ids)
        {
            var group = await scim.GetAsync($"/Groups/{id}");
            snapshot.Add(group.Status == HttpStatusCode.OK ? group.Body : (await scim.GetAsync($"/Users/{id}")).Body);
        }
        return snapshot;
    }

    private static string Id(JsonObject resource) => (string)resource["id"]!;
}
