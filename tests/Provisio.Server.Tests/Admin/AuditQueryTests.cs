using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Admin;

/// <summary>GET /api/tenants/{tenant}/audit: the audit log newest first, filtered, paged by a cursor.</summary>
public sealed class AuditQueryTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Entries_come_newest_first_with_every_field()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var id = (string)(await scim.PostWithRequestIdAsync("/Users", ScimClient.NewUser("audit@example.com"), "audit-create")).Json["id"]!;
        await scim.PatchWithRequestIdAsync($"/Users/{id}", """[{ "op": "replace", "path": "title", "value": "Chief" }]""", "audit-title");

        var entries = await EntriesAsync(admin, scim.TenantId!, "");

        Assert.Equal(["update", "create"], entries.Select(e => (string)e["action"]!));
        var update = entries[0];
        Assert.True((long)update["id"]! > (long)entries[1]["id"]!);
        Assert.Equal(scim.TokenId, (string)update["tokenId"]!);
        Assert.Equal("test", (string)update["tokenName"]!);
        Assert.Equal("audit-title", (string)update["requestId"]!);
        Assert.Equal("PATCH", (string)update["method"]!);
        Assert.Equal($"/Users/{id}", (string)update["path"]!);
        Assert.Equal(200, (int)update["status"]!);
        Assert.Null(update["errorType"]);
        Assert.Equal("User", (string)update["resourceType"]!);
        Assert.Equal(id, (string)update["resourceId"]!);
        Assert.Equal("Chief", (string)update["changes"]!["title"]!["after"]!);
        Assert.Contains("clientAddress", update.Select(p => p.Key));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", (string)update["at"]!);
    }

    [Fact]
    public async Task The_filters_narrow_by_resource_action_and_request_id()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var first = (string)(await scim.PostWithRequestIdAsync("/Users", ScimClient.NewUser("first@example.com"), "f-1")).Json["id"]!;
        var second = (string)(await scim.PostWithRequestIdAsync("/Users", ScimClient.NewUser("second@example.com"), "f-2")).Json["id"]!;
        await scim.PatchWithRequestIdAsync($"/Users/{second}", """[{ "op": "replace", "path": "title", "value": "x" }]""", "f-3");
        await scim.DeleteWithRequestIdAsync($"/Users/{first}", "f-4");

        Assert.Equal(["delete", "create"], (await EntriesAsync(admin, scim.TenantId!, $"resource={first}")).Select(e => (string)e["action"]!));
        Assert.Equal([second], (await EntriesAsync(admin, scim.TenantId!, "action=update")).Select(e => (string)e["resourceId"]!));
        Assert.Equal([second], (await EntriesAsync(admin, scim.TenantId!, "requestId=f-2")).Select(e => (string)e["resourceId"]!));
        Assert.Equal([second, first], (await EntriesAsync(admin, scim.TenantId!, "status=201")).Select(e => (string)e["resourceId"]!));
        Assert.Equal([first], (await EntriesAsync(admin, scim.TenantId!, "status=204")).Select(e => (string)e["resourceId"]!));
        Assert.Equal(4, (await EntriesAsync(admin, scim.TenantId!, "from=2000-01-01T00:00:00Z")).Count);
        Assert.Empty(await EntriesAsync(admin, scim.TenantId!, "to=2000-01-01T00:00:00Z"));
    }

    [Fact]
    public async Task A_duplicate_post_is_found_by_status_409()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await scim.PostWithRequestIdAsync("/Users", ScimClient.NewUser("dup@example.com"), "dup-1");
        Assert.Equal(HttpStatusCode.Conflict, (await scim.PostWithRequestIdAsync("/Users", ScimClient.NewUser("dup@example.com"), "dup-2")).Status);

        var refused = Assert.Single(await EntriesAsync(admin, scim.TenantId!, "status=409"));

        Assert.Equal("dup-2", (string)refused["requestId"]!);
        Assert.Equal("create", (string)refused["action"]!);
        Assert.Equal("uniqueness", (string)refused["errorType"]!);
    }

    [Fact]
    public async Task Cursor_paging_returns_each_entry_once_newest_first()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        for (var i = 0; i < 7; i++)
        {
            await scim.PostWithRequestIdAsync("/Users", ScimClient.NewUser($"p{i}@example.com"), $"p-{i}");
        }

        var seen = new List<JsonObject>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await admin.GetAsync($"/api/tenants/{scim.TenantId}/audit?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            seen.AddRange(page.Json["entries"]!.AsArray().Select(e => e!.AsObject()));
            cursor = (string?)page.Json["next"];
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"p-{i}"), seen.Select(e => (string)e["requestId"]!));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=5000", "limit")]
    [InlineData("status=abc", "status")]
    [InlineData("status=99", "status")]
    [InlineData("action=explode", "action")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45", "to")]
    [InlineData("cursor=xyz", "cursor")]
    public async Task Bad_parameters_are_a_400_problem_that_names_them(string query, string named)
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.GetAsync($"/api/tenants/{scim.TenantId}/audit?{query}");

        Assert.Contains(named, response.AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_tenant_is_a_404_problem()
    {
        var admin = await AdminClient.CreateAsync(factory);

        (await admin.GetAsync("/api/tenants/nosuchtenant/audit")).AssertProblem(HttpStatusCode.NotFound);
    }

    private static async Task<List<JsonObject>> EntriesAsync(AdminClient admin, string tenant, string query)
    {
        var response = await admin.GetAsync($"/api/tenants/{tenant}/audit?{query}");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return [.. response.Json["entries"]!.AsArray().Select(e => e!.AsObject())];
    }
}
