using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Auth;

/// <summary>A token revoked anywhere (the CLI, another instance) stops working on every instance within a second.</summary>
public sealed class RevocationTests : IDisposable
{
    private readonly ShiftableTimeProvider firstClock = new();
    private readonly ProvisioFactory first;
    private readonly ProvisioFactory second;

    public RevocationTests()
    {
        first = new ProvisioFactory { Time = firstClock };
        second = new ProvisioFactory(first.DataDirectory);
    }

    [Fact]
    public async Task A_token_revoked_on_another_instance_is_refused_here_within_a_second()
    {
        var scim = await first.CreateTenantAsync();
        var other = await first.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/Users")).Status);

        Assert.True(await second.Services.GetRequiredService<ITenantStore>().RevokeTokenAsync(scim.TokenId!, DateTimeOffset.UnixEpoch, CancellationToken.None));
        firstClock.Advance(CachingTenantStore.RevocationCheckInterval);

        (await scim.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/Users")).Status);
    }

    [Fact]
    public async Task A_token_revoked_straight_in_the_database_is_refused_within_a_second()
    {
        var scim = await first.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);

        // The SQL store underneath the cache, as the CLI's process would write it.
        await first.Services.GetRequiredService<SqlTenantStore>().RevokeTokenAsync(scim.TokenId!, DateTimeOffset.UnixEpoch, CancellationToken.None);
        firstClock.Advance(CachingTenantStore.RevocationCheckInterval);

        (await scim.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_token_generation_moves_on_every_add_and_revoke()
    {
        var store = first.Services.GetRequiredService<SqlTenantStore>();
        var before = await store.ReadTokenGenerationAsync(CancellationToken.None);
        var scim = await first.CreateTenantAsync();
        var added = await store.ReadTokenGenerationAsync(CancellationToken.None);
        await store.RevokeTokenAsync(scim.TokenId!, DateTimeOffset.UnixEpoch, CancellationToken.None);
        var revoked = await store.ReadTokenGenerationAsync(CancellationToken.None);

        Assert.NotEqual(before, added);
        Assert.NotEqual(added, revoked);
    }

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }
}
