using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Events;

namespace Provisio.Server.Tests.Lifecycle;

/// <summary>Group writes emit group events, and one membership event per member that really joined or left.</summary>
public sealed class GroupEventTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Creating_a_group_with_members_emits_group_created_then_one_user_added_per_member()
    {
        var scim = await factory.CreateTenantAsync();
        var a = (string)(await scim.CreateUserAsync("a@example.com"))["id"]!;
        var b = (string)(await scim.CreateUserAsync("b@example.com"))["id"]!;
        var group = (string)(await scim.CreateGroupAsync("Engineering", a, b))["id"]!;

        var events = (await factory.EventsAsync(scim.TenantId!)).Skip(2).ToList();
        Assert.Equal([EventTypes.GroupCreated, EventTypes.GroupUserAdded, EventTypes.GroupUserAdded], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(("Group", group), (e.ResourceType, e.ResourceId)));
        Assert.Equal("Engineering", (string)events[0].Data()["displayName"]!);
        Assert.Null(events[0].Data()["members"]);
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), events.Skip(1).Select(e => (string)e.Data()["member"]!["id"]!).Order(StringComparer.Ordinal));
        Assert.All(events.Skip(1), e => Assert.Equal(("Engineering", group, "User"),
            ((string)e.Data()["group"]!["displayName"]!, (string)e.Data()["group"]!["id"]!, (string)e.Data()["member"]!["type"]!)));
    }

    [Fact]
    public async Task A_membership_patch_emits_an_event_per_member_changed_and_none_for_members_already_there()
    {
        var scim = await factory.CreateTenantAsync();
        var a = (string)(await scim.CreateUserAsync("a@example.com"))["id"]!;
        var b = (string)(await scim.CreateUserAsync("b@example.com"))["id"]!;
        var group = (string)(await scim.CreateGroupAsync("Sales", a))["id"]!;
        var before = (await factory.EventsAsync(scim.TenantId!)).Count;

        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Groups/{group}",
            $$"""[{"op":"add","path":"members","value":[{"value":"{{a}}"},{"value":"{{b}}"}]}]""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Groups/{group}", $$"""[{"op":"remove","path":"members[value eq \"{{a}}\"]"}]""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Groups/{group}", $$"""[{"op":"remove","path":"members[value eq \"{{a}}\"]"}]""")).Status);

        var events = (await factory.EventsAsync(scim.TenantId!)).Skip(before).ToList();
        Assert.Equal([(EventTypes.GroupUserAdded, b), (EventTypes.GroupUserRemoved, a)], events.Select(e => (e.Type, (string)e.Data()["member"]!["id"]!)));
        var audit = (await factory.AuditAsync(scim.TenantId!))[^2];
        var members = JsonNode.Parse(audit.ChangesJson!)!["members"]!;
        Assert.Equal((0, 1), ((int)members["addedCount"]!, (int)members["removedCount"]!));
        Assert.Equal(a, (string)members["removed"]![0]!);
    }

    [Fact]
    public async Task Renaming_a_group_emits_group_updated_with_the_changed_names()
    {
        var scim = await factory.CreateTenantAsync();
        var group = (string)(await scim.CreateGroupAsync("Odl Name"))["id"]!;

        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Groups/{group}", """[{"op":"replace","value":{"displayName":"New Name"}}]""")).Status);

        var updated = (await factory.EventsAsync(scim.TenantId!))[^1];
        Assert.Equal(EventTypes.GroupUpdated, updated.Type);
        Assert.Equal(["displayName"], updated.ChangedAttributes);
        Assert.Equal("New Name", (string)updated.Data()["displayName"]!);
    }

    [Fact]
    public async Task Deleting_a_group_removes_each_member_with_an_event_then_emits_group_deleted()
    {
        var scim = await factory.CreateTenantAsync();
        var a = (string)(await scim.CreateUserAsync("a@example.com"))["id"]!;
        var b = (string)(await scim.CreateUserAsync("b@example.com"))["id"]!;
        var group = (string)(await scim.CreateGroupAsync("Doomed", a, b))["id"]!;
        var before = (await factory.EventsAsync(scim.TenantId!)).Count;

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Groups/{group}")).Status);

        var events = (await factory.EventsAsync(scim.TenantId!)).Skip(before).ToList();
        Assert.Equal([EventTypes.GroupDeleted, EventTypes.GroupUserRemoved, EventTypes.GroupUserRemoved], events.Select(e => e.Type).Order(StringComparer.Ordinal));
        Assert.Equal(EventTypes.GroupDeleted, events[^1].Type);
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), events.SkipLast(1).Select(e => (string)e.Data()["member"]!["id"]!));
        (await scim.GetAsync($"/Groups/{group}")).AssertError(HttpStatusCode.NotFound);
        Assert.Null((await scim.GetAsync($"/Users/{a}")).Json["groups"]);
    }
}
