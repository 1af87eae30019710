using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Admin;
using Provisio.Server.Tests.Events;
using Provisio.Server.Tests.Support;
using static Provisio.Server.Tests.Bulk.BulkRequests;

namespace Provisio.Server.Tests.Access;

/// <summary>
/// A write that reaches more users than one transaction should carry (deleting a big mapped group) returns at once
/// and leaves the access changes and the members' events to the background jobs.
/// </summary>
public sealed class LargeGroupAccessTests : IDisposable
{
    private readonly ProvisioFactory server = new();

    [Fact]
    public async Task Deleting_a_mapped_group_of_more_users_than_a_write_carries_revokes_their_role_in_the_background()
    {
        var scenario = await AccessScenario.CreateAsync(server);
        var users = new List<string>();
        var count = 2_001; // one more than a write computes in its own transaction (AccessUpdater.MaxUsersInWrite)
        for (var start = 0; start < count; start += 1_000)
        {
            var results = await SendAsync(scenario.Scim, Request([.. Enumerable.Range(start, Math.Min(1_000, count - start))
                .Select(i => PostUser($"u{i}", $"big{i}@example.com"))]));
            users.AddRange(results.Select(IdFromLocation));
        }
        Assert.Equal(count, users.Count);
        foreach (var batch in users.Chunk(500))
        {
            var add = new JsonObject
            {
                ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                ["Operations"] = new JsonArray(new JsonObject
                {
                    ["op"] = "Add",
                    ["path"] = "members",
                    ["value"] = new JsonArray([.. batch.Select(id => (JsonNode)new JsonObject { ["value"] = id })]),
                }),
            };
            var added = await scenario.Scim.SendAsync(HttpMethod.Patch, $"/Groups/{scenario.Groups["saas-members"]}", add.ToJsonString());
            Assert.True(added.Status is HttpStatusCode.OK or HttpStatusCode.NoContent, added.Body);
        }
        Assert.Equal(["member"], (await scenario.AccessAsync(users[^1])).Roles);

        var groupId = scenario.Groups["saas-members"];
        Assert.Equal(HttpStatusCode.NoContent, (await scenario.Scim.DeleteWithRequestIdAsync($"/Groups/{groupId}", "big-delete")).Status);

        // The group is gone at once, from itself and from its members.
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Scim.GetAsync($"/Groups/{groupId}")).Status);
        Assert.DoesNotContain(groupId, (await scenario.Scim.GetAsync($"/Users/{users[^1]}")).Body, StringComparison.Ordinal);
        var audit = (await scenario.Admin.GetAsync($"/api/tenants/{scenario.Tenant}/audit?requestId=big-delete")).Json["entries"]!.AsArray();
        var removed = Assert.Single(audit)!["changes"]!["members"]!;
        Assert.Equal(count, (int)removed["removedCount"]!);
        Assert.Equal(100, removed["removed"]!.AsArray().Count);

        await Eventually.HoldsAsync(async () => (await scenario.AccessAsync(users[0])).Roles.Length == 0
            && (await scenario.AccessAsync(users[^1])).Roles.Length == 0, "the role revoked by the recomputation");
        await Eventually.HoldsAsync(async () => (await scenario.AccessEventsAsync()).Count(e => (string)e["type"]! == "role.revoked") == count,
            "one role.revoked per user");
        // The members' events, then the group's, come from the background job with the DELETE's request id.
        await Eventually.HoldsAsync(async () => (await GroupEventsAsync(scenario, groupId)).Any(e => (string)e["type"]! == "group.deleted"),
            "group.deleted written");
        var events = await GroupEventsAsync(scenario, groupId);
        Assert.Equal("group.deleted", (string)events[^1]["type"]!);
        var removals = events.Where(e => (string)e["type"]! == "group.user_removed").ToList();
        Assert.Equal(events.Count - 1, removals.Count);
        Assert.Equal(users.Order(StringComparer.Ordinal), removals.Select(e => (string)e["data"]!["member"]!["id"]!).Order(StringComparer.Ordinal));
        Assert.All(events, e => Assert.Equal("big-delete", (string)e["requestId"]!));
    }

    /// <summary>The group's membership events after its members were added (the adds' events are group.user_added).</summary>
    private static async Task<List<JsonObject>> GroupEventsAsync(AccessScenario scenario, string groupId) =>
        [.. (await scenario.Admin.ReadAllEventsAsync(scenario.Tenant, limit: 1_000, types: "group.user_removed,group.deleted")).Events
            .Where(e => (string)e["resource"]!["id"]! == groupId)];

    public void Dispose() => server.Dispose();
}
