using System.Diagnostics;
using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Tenants;

/// <summary>Tokens revoked or deleted through one instance's admin API stop working on another instance on the same database.</summary>
public sealed class TwoInstanceTokenTests : IDisposable
{
    /// <summary>Generous for a loaded machine: the promise is a second; the test only waits this long before failing.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    private readonly ProvisioFactory first = new();
    private readonly ProvisioFactory second;

    public TwoInstanceTokenTests() => second = new ProvisioFactory(first.DataDirectory);

    [Fact]
    public async Task A_token_revoked_through_the_api_is_refused_by_a_second_instance_and_a_token_never_revoked_still_works()
    {
        var admin = await AdminClient.CreateAsync(first);
        var revoked = await first.CreateTenantAsync();
        var kept = await first.CreateTenantAsync();
        var revokedThere = new ScimClient(second.CreateClient(), revoked.BasePath, revoked.Token, revoked.TenantId, revoked.TokenId);
        var keptThere = new ScimClient(second.CreateClient(), kept.BasePath, kept.Token, kept.TenantId, kept.TokenId);
        Assert.Equal(HttpStatusCode.OK, (await revokedThere.GetAsync("/Users")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tenants/{revoked.TenantId}/tokens/{revoked.TokenId}")).Status);

        Assert.True(await RefusedWithinPatienceAsync(revokedThere), $"Still accepted on the second instance after {Patience.TotalSeconds} s.");
        Assert.Equal(HttpStatusCode.OK, (await keptThere.GetAsync("/Users")).Status);
    }

    [Fact]
    public async Task The_tokens_of_a_tenant_deleted_through_the_api_are_refused_by_a_second_instance()
    {
        var admin = await AdminClient.CreateAsync(first);
        var doomed = await first.CreateTenantAsync();
        var kept = await first.CreateTenantAsync();
        var doomedThere = new ScimClient(second.CreateClient(), doomed.BasePath, doomed.Token, doomed.TenantId, doomed.TokenId);
        var keptThere = new ScimClient(second.CreateClient(), kept.BasePath, kept.Token, kept.TenantId, kept.TokenId);
        Assert.Equal(HttpStatusCode.OK, (await doomedThere.GetAsync("/Users")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tenants/{doomed.TenantId}?confirm={doomed.TenantId}")).Status);

        (await doomed.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
        Assert.True(await RefusedWithinPatienceAsync(doomedThere), $"Still accepted on the second instance after {Patience.TotalSeconds} s.");
        Assert.Equal(HttpStatusCode.OK, (await keptThere.GetAsync("/Users")).Status);
    }

    [Fact]
    public async Task A_token_rotated_without_overlap_through_the_api_is_refused_by_a_second_instance_and_its_successor_accepted()
    {
        var admin = await AdminClient.CreateAsync(first);
        var scim = await first.CreateTenantAsync();
        var there = new ScimClient(second.CreateClient(), scim.BasePath, scim.Token, scim.TenantId, scim.TokenId);
        Assert.Equal(HttpStatusCode.OK, (await there.GetAsync("/Users")).Status);

        var rotated = await admin.PostAsync($"/api/tenants/{scim.TenantId}/tokens/{scim.TokenId}/rotate", """{"overlapDays": 0}""");

        Assert.Equal(HttpStatusCode.Created, rotated.Status);
        Assert.True(await RefusedWithinPatienceAsync(there), $"Still accepted on the second instance after {Patience.TotalSeconds} s.");
        Assert.Equal(HttpStatusCode.OK, (await there.WithToken((string)rotated.Json["token"]!).GetAsync("/Users")).Status);
    }

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }

    private static async Task<bool> RefusedWithinPatienceAsync(ScimClient client)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            if ((await client.GetAsync("/Users")).Status == HttpStatusCode.Unauthorized)
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }
}
