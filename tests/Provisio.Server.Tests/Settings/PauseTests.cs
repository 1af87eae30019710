using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Audit;

namespace Provisio.Server.Tests.Settings;

/// <summary>A paused tenant: every SCIM request answers 503 with Retry-After, changes nothing, and is audited (issue #14).</summary>
public sealed class PauseTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task A_paused_tenant_answers_503_with_retry_after_writes_nothing_and_audits_the_refusal()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var existing = (string)(await scim.CreateUserAsync("before.pause@example.com"))["id"]!;
        await admin.SetAsync(scim.TenantId!, """{"paused": true}""");

        var created = await scim.PostAsync("/Users", ScimClient.NewUser("during.pause@example.com"));

        Assert.Null(created.AssertError(HttpStatusCode.ServiceUnavailable));
        Assert.Contains("paused by its administrator", (string)created.Json["detail"]!, StringComparison.Ordinal);
        Assert.True(created.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        foreach (var (method, path, body) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Get, "/Users", null),
            (HttpMethod.Get, $"/Users/{existing}", null),
            (HttpMethod.Patch, $"/Users/{existing}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}"""),
            (HttpMethod.Delete, $"/Users/{existing}", null),
            (HttpMethod.Post, "/Bulk", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"POST","path":"/Users","bulkId":"a","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bulk@example.com"}}]}"""),
        })
        {
            var response = await scim.SendAsync(method, path, body);
            response.AssertError(HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(response.Headers.RetryAfter);
        }
        // Discovery needs no tenant and keeps answering.
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/ServiceProviderConfig")).Status);

        var audit = await factory.Services.GetRequiredService<IAuditLog>().QueryAsync(scim.TenantId!, new AuditQuery { Limit = 100 }, CancellationToken.None);
        var refused = audit.Entries.Where(e => e.Status == 503).ToList();
        Assert.Equal(6, refused.Count);
        Assert.Contains(refused, e => e is { Method: "POST", Path: "/Users", Action: "create" } && e.ErrorDetail!.Contains("paused", StringComparison.Ordinal));
        Assert.Contains(refused, e => e is { Method: "GET", Path: "/Users" });

        await admin.SetAsync(scim.TenantId!, """{"paused": false}""");
        var users = await scim.GetAsync("/Users");
        Assert.Equal(HttpStatusCode.OK, users.Status);
        Assert.Equal([existing], users.Ids);
        Assert.True((bool)users.Json["Resources"]![0]!["active"]!);
        Assert.Equal(HttpStatusCode.Created, (await scim.PostAsync("/Users", ScimClient.NewUser("after.pause@example.com"))).Status);
    }

    [Fact]
    public async Task Pausing_one_tenant_leaves_the_others_working()
    {
        var paused = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await admin.SetAsync(paused.TenantId!, """{"paused": true}""");

        (await paused.GetAsync("/Users")).AssertError(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsync("/Users", ScimClient.NewUser("other@example.com"))).Status);
    }

    [Fact]
    public async Task A_paused_tenant_still_turns_away_a_wrong_token_with_401()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await admin.SetAsync(scim.TenantId!, """{"paused": true}""");

        // The pause is not disclosed to someone without the tenant's token.
        (await scim.WithToken("scim_wrong").GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
    }
}
