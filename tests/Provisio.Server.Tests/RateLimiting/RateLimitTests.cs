using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.RateLimiting;

/// <summary>Small buckets, so a few requests reach the limit: 3 at once, then one more per second.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly ProvisioFactory factory = new()
    {
        Settings =
        {
            ["Provisio:RateLimits:Scim:PermitsPerSecond"] = "1",
            ["Provisio:RateLimits:Scim:Burst"] = "3",
            ["Provisio:RateLimits:Discovery:PermitsPerSecond"] = "1",
            ["Provisio:RateLimits:Discovery:Burst"] = "2",
        },
    };

    [Fact]
    public async Task A_tenant_over_its_burst_gets_429_with_retry_after_and_a_scim_error_without_scim_type()
    {
        var scim = await factory.CreateTenantAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
        }

        var limited = await scim.GetAsync("/Users");

        Assert.Null(limited.AssertError(HttpStatusCode.TooManyRequests));
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 2);
        Assert.Contains("Retry after", (string)limited.Json["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_write_changes_nothing()
    {
        var scim = await factory.CreateTenantAsync();
        for (var i = 0; i < 3; i++)
        {
            await scim.GetAsync("/Users?count=0");
        }

        (await scim.PostAsync("/Users", ScimClient.NewUser("late@example.com"))).AssertError(HttpStatusCode.TooManyRequests);

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(0, (int)(await scim.GetAsync("/Users?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task One_tenant_at_its_limit_does_not_slow_another()
    {
        var busy = await factory.CreateTenantAsync();
        var quiet = await factory.CreateTenantAsync();
        for (var i = 0; i < 4; i++)
        {
            await busy.GetAsync("/Users");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await busy.GetAsync("/Users")).Status);
        Assert.Equal(HttpStatusCode.OK, (await quiet.GetAsync("/Users")).Status);
    }

    [Fact]
    public async Task The_bucket_refills_at_the_configured_rate()
    {
        var scim = await factory.CreateTenantAsync();
        for (var i = 0; i < 4; i++)
        {
            await scim.GetAsync("/Users");
        }
        var limited = await scim.GetAsync("/Users");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);

        await Task.Delay(limited.Headers.RetryAfter!.Delta!.Value + TimeSpan.FromMilliseconds(200));

        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
    }

    [Fact]
    public async Task Discovery_has_its_own_bucket()
    {
        var scim = await factory.CreateTenantAsync();
        var anonymous = factory.Anonymous($"/scim/v2/{scim.TenantId}");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/ServiceProviderConfig")).Status);
        }

        Assert.Null((await anonymous.GetAsync("/Schemas")).AssertError(HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_do_not_spend_the_tenants_requests()
    {
        var scim = await factory.CreateTenantAsync();
        var intruder = scim.WithToken("scim_aaaaaaaaaaaa_wrongsecretwrongsecretwrongsecretwrongsecret");
        for (var i = 0; i < 10; i++)
        {
            (await intruder.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
    }

    public void Dispose() => factory.Dispose();
}
