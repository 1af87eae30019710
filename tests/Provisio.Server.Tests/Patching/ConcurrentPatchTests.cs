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
}
