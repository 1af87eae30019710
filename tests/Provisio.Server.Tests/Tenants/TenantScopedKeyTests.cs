using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Admin;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Tenants;

/// <summary>
/// An admin key limited to one tenant (<c>provisio admin-keys create --tenant T</c>) reaches that tenant's routes and
/// nothing of any other tenant: their routes are a 403 whether the tenant exists or not, and their ids under its own
/// tenant are 404s.
/// </summary>
public sealed class TenantScopedKeyTests(QuietFactory factory) : IClassFixture<QuietFactory>
{
    public static TheoryData<string, string> TenantRoutes => new()
    {
        { "GET", "" },
        { "PATCH", "" },
        { "GET", "/events" },
        { "GET", "/audit" },
        { "GET", "/tokens" },
        { "POST", "/tokens" },
        { "GET", "/webhooks" },
        { "POST", "/webhooks" },
        { "GET", "/access/mappings" },
        { "GET", "/access/roles" },
        { "GET", "/access/settings" },
        { "GET", "/users/some-user/access" },
    };

    [Theory]
    [MemberData(nameof(TenantRoutes))]
    public async Task A_tenant_key_is_refused_on_another_tenants_routes_with_the_same_403_as_on_an_unknown_tenant(string method, string route)
    {
        var (mine, _) = await ScopedAsync();
        var other = await factory.CreateTenantAsync();
        var body = method == "GET" ? null : """{"name": "x"}""";

        var there = await mine.SendAsync(new HttpMethod(method), $"/api/tenants/{other.TenantId}{route}", body, method == "PATCH" ? "application/merge-patch+json" : "application/json");
        var nowhere = await mine.SendAsync(new HttpMethod(method), $"/api/tenants/nobody-here{route}", body, method == "PATCH" ? "application/merge-patch+json" : "application/json");

        var detail = there.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(detail, nowhere.AssertProblem(HttpStatusCode.Forbidden));
        Assert.DoesNotContain(other.TenantId!, detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TenantRoutes))]
    public async Task A_tenant_key_reaches_its_own_tenants_routes(string method, string route)
    {
        var (mine, scim) = await ScopedAsync();
        var body = method == "GET" ? null : route == "/webhooks" ? """{"url": "http://127.0.0.1:9/hooks", "enabled": false}""" : """{"name": "x"}""";

        var response = await mine.SendAsync(new HttpMethod(method), $"/api/tenants/{scim.TenantId}{route}", body, method == "PATCH" ? "application/merge-patch+json" : "application/json");

        // The user route answers 404 for a user that does not exist: the key got through to the handler.
        var expected = route.StartsWith("/users", StringComparison.Ordinal) ? HttpStatusCode.NotFound : method == "POST" ? HttpStatusCode.Created : HttpStatusCode.OK;
        Assert.True(response.Status == expected, $"{method} {route}: {response.Status} {response.Body}");
    }

    [Fact]
    public async Task A_tenant_key_never_reaches_another_tenants_tokens_webhooks_or_users_through_its_own_tenant()
    {
        var (mine, scim) = await ScopedAsync();
        var other = await factory.CreateTenantAsync();
        var wide = await AdminClient.CreateAsync(factory);
        var webhook = (string)(await wide.PostAsync($"/api/tenants/{other.TenantId}/webhooks", """{"url": "http://127.0.0.1:9/hooks", "enabled": false}""")).Json["id"]!;
        var user = (string)(await other.CreateUserAsync("other@example.com"))["id"]!;

        (await mine.DeleteAsync($"/api/tenants/{scim.TenantId}/tokens/{other.TokenId}")).AssertProblem(HttpStatusCode.NotFound);
        (await mine.PostAsync($"/api/tenants/{scim.TenantId}/tokens/{other.TokenId}/rotate")).AssertProblem(HttpStatusCode.NotFound);
        (await mine.GetAsync($"/api/tenants/{scim.TenantId}/webhooks/{webhook}")).AssertProblem(HttpStatusCode.NotFound);
        (await mine.GetAsync($"/api/tenants/{scim.TenantId}/webhooks/{webhook}/deliveries")).AssertProblem(HttpStatusCode.NotFound);
        (await mine.DeleteAsync($"/api/tenants/{scim.TenantId}/webhooks/{webhook}")).AssertProblem(HttpStatusCode.NotFound);
        (await mine.GetAsync($"/api/tenants/{scim.TenantId}/users/{user}/access")).AssertProblem(HttpStatusCode.NotFound);
        var events = await mine.GetAsync($"/api/tenants/{scim.TenantId}/events");
        var audit = await mine.GetAsync($"/api/tenants/{scim.TenantId}/audit");
        Assert.DoesNotContain(user, events.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(user, audit.Body, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/Users")).Status);
        Assert.Equal(HttpStatusCode.OK, (await wide.GetAsync($"/api/tenants/{other.TenantId}/webhooks/{webhook}")).Status);
    }

    [Fact]
    public async Task A_tenant_key_lists_only_its_own_tenant()
    {
        var (mine, scim) = await ScopedAsync();
        await factory.CreateTenantAsync();

        var list = await mine.GetAsync("/api/tenants");

        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal([scim.TenantId], list.Json["items"]!.AsArray().Select(i => (string?)i!["id"]));
        Assert.Null((string?)list.Json["next"]);
    }

    [Fact]
    public async Task Creating_and_deleting_tenants_needs_a_server_wide_key()
    {
        var (mine, scim) = await ScopedAsync();

        Assert.Contains(scim.TenantId!, (await mine.PostAsync("/api/tenants", """{"id": "made-by-tenant"}""")).AssertProblem(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        (await mine.DeleteAsync($"/api/tenants/{scim.TenantId}?confirm={scim.TenantId}")).AssertProblem(HttpStatusCode.Forbidden);

        var wide = await AdminClient.CreateAsync(factory);
        (await wide.GetAsync("/api/tenants/made-by-tenant")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
    }

    [Fact]
    public async Task A_tenant_key_stops_working_when_its_tenant_is_deleted()
    {
        var (mine, scim) = await ScopedAsync();
        var wide = await AdminClient.CreateAsync(factory);

        Assert.Equal(HttpStatusCode.NoContent, (await wide.DeleteAsync($"/api/tenants/{scim.TenantId}?confirm={scim.TenantId}")).Status);

        (await mine.GetAsync("/api/tenants")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    private async Task<(AdminClient Key, ScimClient Scim)> ScopedAsync()
    {
        var scim = await factory.CreateTenantAsync();
        var (_, key) = await factory.Services.GetRequiredService<AdminKeyIssuer>().IssueAsync("customer admins", CancellationToken.None, scim.TenantId);
        return (new AdminClient(factory.CreateClient(), key), scim);
    }
}
