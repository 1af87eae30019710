using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Events;
using Provisio.Server.Tests.Support;
using static Provisio.Server.Tests.Bulk.BulkRequests;

namespace Provisio.Server.Tests.Access;

/// <summary>
/// A write that reaches more users' access than one transaction should carry (deleting a big mapped group) returns
/// at once and leaves the access changes, with their events, to the background recomputation.
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

        Assert.Equal(HttpStatusCode.NoContent, (await scenario.Scim.DeleteAsync($"/Groups/{scenario.Groups["saas-members"]}")).Status);

        await Eventually.HoldsAsync(async () => (await scenario.AccessAsync(users[0])).Roles.Length == 0
            && (await scenario.AccessAsync(users[^1])).Roles.Length == 0, "the role revoked by the recomputation");
        await Eventually.HoldsAsync(async () => (await scenario.AccessEventsAsync()).Count(e => (string)e["type"]! == "role.revoked") == count,
            "one role.revoked per user");
    }

    public void Dispose() => server.Dispose();
}
