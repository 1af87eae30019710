using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Admin;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Admin;

/// <summary>
/// Changes an admin makes to a tenant through the admin API land in the tenant's audit log (action <c>admin</c>), with
/// the admin key as the actor and the body when it holds no secret; reads do not.
/// </summary>
public sealed class AdminAuditTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task An_admins_changes_are_audited_with_the_key_the_body_and_the_status()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory, "operator");
        var tenant = scim.TenantId!;

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/api/tenants/{tenant}/access/mappings", """{"group": "saas-admins", "roles": ["admin"]}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/api/tenants/{tenant}/settings", """{"dryRun": true}""")).Status);
        (await admin.PatchAsync($"/api/tenants/{tenant}/settings", """{"maxPageSize": 0}""")).AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/tenants/{tenant}/settings")).Status);

        var entries = await AdminEntriesAsync(admin, tenant);

        Assert.Equal(["PATCH 400", "PATCH 200", "POST 201"], entries.Select(e => $"{e["method"]} {e["status"]}"));
        Assert.All(entries, e =>
        {
            Assert.Equal(AdminKeyFormat.ParseId(admin.Key!), (string)e["tokenId"]!);
            Assert.Equal("operator", (string)e["tokenName"]!);
        });
        Assert.Equal($"/api/tenants/{tenant}/access/mappings", (string)entries[2]["path"]!);
        Assert.Equal("saas-admins", (string)entries[2]["changes"]!["request"]!["group"]!);
        Assert.True((bool)entries[1]["changes"]!["request"]!["dryRun"]!);
        Assert.Equal(0, (int)entries[0]["changes"]!["request"]!["maxPageSize"]!);
        // An admin's refused change is not a failure of the IdP's sync.
        Assert.Empty((await admin.GetAsync($"/api/tenants/{tenant}/status")).Json["recentFailures"]!.AsArray());
    }

    [Fact]
    public async Task A_webhooks_body_is_not_kept_since_its_url_may_hold_a_credential()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        // Refused (plain http to a private address), and audited as refused: the body is kept for no status.
        (await admin.PostAsync($"/api/tenants/{scim.TenantId}/webhooks", """{"url": "http://127.0.0.1:9/in?key=s3cret-in-url"}"""))
            .AssertProblem(HttpStatusCode.BadRequest);

        var entry = Assert.Single(await AdminEntriesAsync(admin, scim.TenantId!));
        Assert.Equal(400, (int)entry["status"]!);
        Assert.Null(entry["changes"]);
        Assert.DoesNotContain("s3cret-in-url", (await admin.GetAsync($"/api/tenants/{scim.TenantId}/audit")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_to_an_unknown_tenant_write_nothing_anywhere()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        (await admin.PatchAsync("/api/tenants/no-such-tenant/settings", """{"paused": true}""")).AssertProblem(HttpStatusCode.NotFound);

        Assert.Empty(await AdminEntriesAsync(admin, scim.TenantId!));
    }

    private static async Task<List<JsonObject>> AdminEntriesAsync(AdminClient admin, string tenant)
    {
        var response = await admin.GetAsync($"/api/tenants/{tenant}/audit?action=admin");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return [.. response.Json["entries"]!.AsArray().Select(e => e!.AsObject())];
    }
}
