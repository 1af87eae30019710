using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Events;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Settings;

/// <summary>GET /api/tenants/{tenant}/status: how a tenant's sync is doing (issue #14).</summary>
public sealed class TenantStatusTests : IDisposable
{
    private readonly ShiftableTimeProvider time = new();
    private readonly ProvisioFactory factory;

    public TenantStatusTests() => factory = new ProvisioFactory { Time = time };

    [Fact]
    public async Task A_tenant_no_idp_has_reached_yet_has_an_empty_status_and_is_not_stale()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        await factory.Services.GetRequiredService<ITenantStore>().CreateTenantAsync(new Tenant(tenant, tenant, time.GetUtcNow()), CancellationToken.None);
        var admin = await AdminClient.CreateAsync(factory);

        var status = await StatusAsync(admin, tenant);

        Assert.Null(status["firstSyncAt"]);
        Assert.Null(status["lastRequestAt"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"active":0,"suspended":0,"deleted":0}"""), status["users"]));
        Assert.Equal(0, (int)status["groups"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"lastHour":{"total":0,"byStatus":{}},"lastDay":{"total":0,"byStatus":{}}}"""), status["requests"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"lastHour":0,"lastDay":0}"""), status["errors"]));
        Assert.Empty(status["recentFailures"]!.AsArray());
        Assert.False((bool)status["stale"]!);
        (await admin.GetAsync("/api/tenants/no-such-tenant/status")).AssertProblem(HttpStatusCode.NotFound);

        // An IdP that never connects: stale once the tenant is older than staleAfterHours (24 by default).
        time.Advance(TimeSpan.FromHours(25));
        Assert.True((bool)(await StatusAsync(admin, tenant))["stale"]!);
    }

    [Fact]
    public async Task The_status_counts_users_groups_requests_by_status_and_lists_the_refusals()
    {
        var scim = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((string)(await scim.CreateUserAsync($"status{i}@example.com"))["id"]!);
        }
        Assert.Equal(HttpStatusCode.OK, (await scim.SendAsync(HttpMethod.Patch, $"/Users/{ids[1]}", EventHandlerTests.Deactivate)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{ids[2]}")).Status);
        await scim.CreateGroupAsync("Engineering", ids[0]);
        (await scim.PostAsync("/Users", ScimClient.NewUser("status0@example.com"))).AssertError(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
        (await scim.GetAsync("/Users/no-such-user")).AssertError(HttpStatusCode.NotFound);
        await other.CreateUserAsync("elsewhere@example.com");

        // Each request is counted once its response is complete, which the client may see a moment before.
        JsonObject status = null!;
        await Eventually.HoldsAsync(async () => (int)(status = await StatusAsync(admin, scim.TenantId!))["requests"]!["lastHour"]!["total"]! == 9,
            "all nine requests counted");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"active":1,"suspended":1,"deleted":1}"""), status["users"]), status["users"]!.ToJsonString());
        Assert.Equal(1, (int)status["groups"]!);
        var expected = JsonNode.Parse("""{"total":9,"byStatus":{"200":2,"201":4,"204":1,"404":1,"409":1}}""");
        Assert.True(JsonNode.DeepEquals(expected, status["requests"]!["lastHour"]), status["requests"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(expected, status["requests"]!["lastDay"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"lastHour":2,"lastDay":2}"""), status["errors"]));
        // Refused writes are always audited; a failed read only when the tenant audits reads.
        var failure = Assert.Single(status["recentFailures"]!.AsArray())!;
        Assert.Equal("POST", (string)failure["method"]!);
        Assert.Equal("/Users", (string)failure["path"]!);
        Assert.Equal(409, (int)failure["status"]!);
        Assert.Equal("uniqueness", (string)failure["scimType"]!);
        Assert.Contains("userName", (string)failure["detail"]!, StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", (string)failure["at"]!);
        var first = DateTimeOffset.Parse((string)status["firstSyncAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        var last = DateTimeOffset.Parse((string)status["lastRequestAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(first < last);
        Assert.InRange(last, time.GetUtcNow().AddMinutes(-1), time.GetUtcNow());
        Assert.False((bool)status["stale"]!);
    }

    [Fact]
    public async Task A_tenant_without_a_request_for_its_stale_after_hours_is_stale_until_the_next_one()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await admin.SetAsync(scim.TenantId!, """{"staleAfterHours": 2}""");
        await scim.CreateUserAsync("quiet@example.com");
        await Eventually.HoldsAsync(async () => (await StatusAsync(admin, scim.TenantId!))["lastRequestAt"] is not null, "the request counted");

        time.Advance(TimeSpan.FromHours(1.5));
        var status = await StatusAsync(admin, scim.TenantId!);
        Assert.False((bool)status["stale"]!);
        Assert.Equal(0, (int)status["requests"]!["lastHour"]!["total"]!);
        Assert.Equal(1, (int)status["requests"]!["lastDay"]!["total"]!);

        time.Advance(TimeSpan.FromHours(1));
        Assert.True((bool)(await StatusAsync(admin, scim.TenantId!))["stale"]!);

        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
        await Eventually.HoldsAsync(async () => !(bool)(await StatusAsync(admin, scim.TenantId!))["stale"]!, "a new request ends the staleness");
    }

    private static async Task<JsonObject> StatusAsync(AdminClient admin, string tenant)
    {
        var response = await admin.GetAsync($"/api/tenants/{tenant}/status");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json;
    }

    public void Dispose() => factory.Dispose();
}
