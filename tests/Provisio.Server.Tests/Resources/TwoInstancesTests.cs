using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

/// <summary>
/// Two server instances on one database, driven at once: nothing is lost, duplicated or half-applied, and ETags stay
/// consistent. (On SQLite both share one file; the PostgreSQL run is the scale-out case.)
/// </summary>
public sealed class TwoInstancesTests : IDisposable
{
    private readonly ProvisioFactory first = new();
    private readonly ProvisioFactory second;

    public TwoInstancesTests() => second = new ProvisioFactory(first.DataDirectory);

    [Fact]
    public async Task Concurrent_writes_from_two_instances_all_land_once()
    {
        var one = await first.CreateTenantAsync();
        var two = new ScimClient(second.CreateClient(), one.BasePath, one.Token, one.TenantId, one.TokenId);
        var users = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            users.Add((string)(await one.CreateUserAsync($"member{i}@example.com"))["id"]!);
        }
        var group = (string)(await one.CreateGroupAsync("Shared"))["id"]!;
        var target = (string)(await one.CreateUserAsync("patched@example.com"))["id"]!;

        // Members added to one group from both instances, the same user patched from both, creates racing on one userName.
        var work = new List<Task<ScimResponse>>();
        for (var i = 0; i < users.Count; i++)
        {
            var client = i % 2 == 0 ? one : two;
            work.Add(client.SendAsync(HttpMethod.Patch, $"/Groups/{group}", Patch("add", "members", new JsonArray(new JsonObject { ["value"] = users[i] }))));
            work.Add(client.SendAsync(HttpMethod.Patch, $"/Users/{target}", Patch("add", "emails", new JsonArray(new JsonObject { ["value"] = $"e{i}@example.com", ["type"] = "other" }))));
        }
        var racers = Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? one : two).PostAsync("/Users", ScimClient.NewUser("race@example.com"))).ToList();
        var responses = await Task.WhenAll(work);
        var raced = await Task.WhenAll(racers);

        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{r.Status}: {r.Body}"));
        Assert.Equal(1, raced.Count(r => r.Status == HttpStatusCode.Created));
        Assert.All(raced.Where(r => r.Status != HttpStatusCode.Created), r => Assert.Equal("uniqueness", r.AssertError(HttpStatusCode.Conflict)));

        var groupRead = await two.GetAsync($"/Groups/{group}");
        Assert.Equal(users.Order(), groupRead.Json["members"]!.AsArray().Select(m => (string)m!["value"]!).Order());
        var userRead = await one.GetAsync($"/Users/{target}");
        Assert.Equal(users.Count + 1, userRead.Json["emails"]!.AsArray().Count);
        // Each instance reports the same version for the same state.
        var viaFirst = await one.GetAsync($"/Users/{target}");
        var viaSecond = await two.GetAsync($"/Users/{target}");
        Assert.Equal(viaFirst.Headers.ETag!.ToString(), viaSecond.Headers.ETag!.ToString());
        Assert.Equal(1, (int)(await two.GetAsync("/Users?filter=userName%20eq%20%22race@example.com%22")).Json["totalResults"]!);
    }

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }

    private static string Patch(string op, string path, JsonNode value) => new JsonObject
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
        ["Operations"] = new JsonArray(new JsonObject { ["op"] = op, ["path"] = path, ["value"] = value }),
    }.ToJsonString();
}
