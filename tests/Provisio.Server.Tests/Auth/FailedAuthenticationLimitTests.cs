using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Auth;

/// <summary>Guessing tokens is slow: failed authentications from one address draw from a small bucket of their own.</summary>
public sealed class FailedAuthenticationLimitTests : IDisposable
{
    private const string UnknownToken = "scim_aaaaaaaaaaaa_wrongsecretwrongsecretwrongsecretwrongsecret";

    private readonly ProvisioFactory factory = new()
    {
        Settings =
        {
            ["Provisio:RateLimits:FailedAuthentication:PermitsPerSecond"] = "0.1",
            ["Provisio:RateLimits:FailedAuthentication:Burst"] = "5",
        },
    };

    [Fact]
    public async Task Failed_authentications_past_the_burst_get_429_with_retry_after_and_a_scim_error()
    {
        var intruder = (await factory.CreateTenantAsync()).WithToken(UnknownToken);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await intruder.GetAsync("/Users")).Status);
        }

        var limited = await intruder.GetAsync("/Users");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Null(limited.AssertError(HttpStatusCode.TooManyRequests));
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await intruder.WithToken(null).GetAsync("/Users")).Status);
    }

    [Fact]
    public async Task Wrong_admin_keys_draw_from_the_same_bucket_and_get_a_429_problem_while_a_valid_key_still_works()
    {
        var admin = await AdminClient.CreateAsync(factory);
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "pak_aaaaaaaaaaaa_wrongsecretwrongsecretwrongsecretwrongsec");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await http.GetAsync("/api/tenants/default/events")).StatusCode);
        }

        using var limited = await http.GetAsync("/api/tenants/default/events");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var scim = await factory.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/tenants/{scim.TenantId}/events")).Status);
    }

    [Fact]
    public async Task A_valid_token_from_the_same_address_still_works_while_failures_are_limited()
    {
        var scim = await factory.CreateTenantAsync();
        for (var i = 0; i < 8; i++)
        {
            await scim.WithToken(UnknownToken).GetAsync("/Users");
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await scim.WithToken(UnknownToken).GetAsync("/Users")).Status);

        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
        Assert.Equal(HttpStatusCode.Created, (await scim.PostAsync("/Users", ScimClient.NewUser("still@example.com"))).Status);
    }

    [Fact]
    public async Task Each_client_address_has_its_own_bucket()
    {
        var scim = await factory.CreateTenantAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(401, await StatusFromAsync(scim, "198.51.100.1"));
        }

        Assert.Equal(429, await StatusFromAsync(scim, "198.51.100.1"));
        Assert.Equal(401, await StatusFromAsync(scim, "198.51.100.2"));
    }

    [Fact]
    public async Task An_unknown_token_id_is_looked_up_once_while_it_is_remembered()
    {
        var counting = new CountingTenantStore(factory.Services.GetRequiredService<SqlTenantStore>());
        var store = new CachingTenantStore(counting, TimeProvider.System);

        for (var i = 0; i < 20; i++)
        {
            Assert.Null(await store.FindTokenAsync("scim_unknownid1234", CancellationToken.None));
        }

        Assert.Equal(1, counting.Lookups);
    }

    public void Dispose() => factory.Dispose();

    private async Task<int> StatusFromAsync(ScimClient scim, string address)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = scim.BasePath + "/Users";
            c.Request.Headers.Authorization = "Bearer " + UnknownToken;
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
        });
        return context.Response.StatusCode;
    }

    /// <summary>Counts the token lookups that reach the database.</summary>
    private sealed class CountingTenantStore(ITenantStore inner) : ITenantStore
    {
        public int Lookups { get; private set; }

        public Task<ScimTokenRecord?> FindTokenAsync(string tokenId, CancellationToken cancellationToken)
        {
            Lookups++;
            return inner.FindTokenAsync(tokenId, cancellationToken);
        }

        public Task<Tenant?> FindTenantAsync(string tenantId, CancellationToken cancellationToken) => inner.FindTenantAsync(tenantId, cancellationToken);

        public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken) => inner.ListTenantsAsync(cancellationToken);

        public Task<IReadOnlyList<Tenant>> ListTenantsAsync(string? afterId, int limit, CancellationToken cancellationToken) => inner.ListTenantsAsync(afterId, limit, cancellationToken);

        public Task<bool> CreateTenantAsync(Tenant tenant, CancellationToken cancellationToken) => inner.CreateTenantAsync(tenant, cancellationToken);

        public Task<bool> RenameTenantAsync(string tenantId, string displayName, CancellationToken cancellationToken) => inner.RenameTenantAsync(tenantId, displayName, cancellationToken);

        public Task<bool> DeleteTenantAsync(string tenantId, CancellationToken cancellationToken) => inner.DeleteTenantAsync(tenantId, cancellationToken);

        public Task<bool> RotateTokenAsync(string tokenId, DateTimeOffset expires, ScimTokenRecord successor, CancellationToken cancellationToken) =>
            inner.RotateTokenAsync(tokenId, expires, successor, cancellationToken);

        public Task AddTokenAsync(ScimTokenRecord token, CancellationToken cancellationToken) => inner.AddTokenAsync(token, cancellationToken);

        public Task<IReadOnlyList<ScimTokenRecord>> ListTokensAsync(string? tenantId, CancellationToken cancellationToken) => inner.ListTokensAsync(tenantId, cancellationToken);

        public Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset revoked, CancellationToken cancellationToken) => inner.RevokeTokenAsync(tokenId, revoked, cancellationToken);

        public Task RecordTokenUseAsync(string tokenId, DateTimeOffset used, CancellationToken cancellationToken) => inner.RecordTokenUseAsync(tokenId, used, cancellationToken);

        public Task<long> ReadTokenGenerationAsync(CancellationToken cancellationToken) => inner.ReadTokenGenerationAsync(cancellationToken);
    }
}
