using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Patching;

/// <summary>
/// IdPs send PATCHes for one group or user in parallel (Entra's gallery checklist asks for 25 requests/s per tenant):
/// each must apply to the latest state, none may be lost.
/// </summary>
public sealed class ConcurrentPatchTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const int Count = 20;

    [Fact]
    public async Task Concurrent_member_adds_to_one_group_all_succeed_and_all_members_stay()
    {
        var scim = await factory.CreateTenantAsync();
        var users = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            users.Add((string)(await scim.CreateUserAsync($"member{i}@example.com"))["id"]!);
        }
        var group = (string)(await scim.CreateGroupAsync("Everyone"))["id"]!;
        var before = await scim.VersionOfAsync($"/Groups/{group}");

        var responses = await Task.WhenAll(users.Select(user =>
            scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "Add", "path": "members", "value": [{ "$ref": null, "value": "{{user}}" }] }]""")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var read = await scim.GetAsync($"/Groups/{group}");
        Assert.Equal(users.Order(StringComparer.Ordinal), read.Json.Ids("members"));
        Assert.NotEqual(before, read.Version());
    }

    [Fact]
    public async Task Concurrent_email_adds_to_one_user_are_not_lost()
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("busy@example.com"))["id"]!;
        var emails = Enumerable.Range(0, Count).Select(i => $"alias{i}@example.com").ToList();

        var responses = await Task.WhenAll(emails.Select(email =>
            scim.PatchAsync($"/Users/{id}", $$"""[{ "op": "add", "path": "emails", "value": [{ "value": "{{email}}", "type": "other" }] }]""")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var stored = (await scim.GetAsync($"/Users/{id}")).Json["emails"]!.AsArray().Select(e => (string)e!["value"]!).ToList();
        Assert.Equal(emails.Append("busy@example.com").Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_user_deleted_while_groups_add_it_ends_up_in_no_group()
    {
        var scim = await factory.CreateTenantAsync();
        var groups = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            groups.Add((string)(await scim.CreateGroupAsync($"Team {i}"))["id"]!);
        }

        for (var round = 0; round < 40; round++)
        {
            var user = (string)(await scim.CreateUserAsync($"leaver{round}@example.com"))["id"]!;
            var adds = groups.Select(group =>
                scim.PatchAsync($"/Groups/{group}", $$"""[{ "op": "add", "path": "members", "value": [{ "value": "{{user}}" }] }]""")).ToList();
            var delete = scim.DeleteAsync($"/Users/{user}");
            var added = await Task.WhenAll(adds);

            Assert.Equal(HttpStatusCode.NoContent, (await delete).Status);
            // An add that lost the race found no such user: 400, as for any unknown member.
            Assert.All(added, r => Assert.True(r.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{r.Status}: {r.Body}"));
            var holding = await scim.GetAsync($"/Groups?filter=members.value eq \"{user}\"&excludedAttributes=members");
            Assert.Equal(0, (int)holding.Json["totalResults"]!);
            foreach (var (group, response) in groups.Zip(added).Where(p => p.Second.Status == HttpStatusCode.OK))
            {
                // The group that took the user lost it again with the deletion, which gave it a new version.
                var read = await scim.GetAsync($"/Groups/{group}");
                Assert.DoesNotContain(user, read.Json.Ids("members"));
                Assert.NotEqual(response.Version(), read.Version());
            }
        }
    }
}
