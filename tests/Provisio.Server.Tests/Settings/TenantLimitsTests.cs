using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Settings;

/// <summary>A tenant's own page sizes and SCIM rate limit, over the server's (issue #14).</summary>
public sealed class TenantLimitsTests : IDisposable
{
    // Small server buckets, so a tenant without an override meets the limit after a few requests.
    private readonly ProvisioFactory factory = new()
    {
        Settings =
        {
            ["Provisio:RateLimits:Scim:PermitsPerSecond"] = "0.01",
            ["Provisio:RateLimits:Scim:Burst"] = "3",
        },
    };

    [Fact]
    public async Task A_tenants_page_sizes_bound_its_lists_and_its_service_provider_config()
    {
        var scim = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await admin.SetAsync(scim.TenantId!, """{"maxPageSize": 2, "defaultPageSize": 1, "rateLimit": {"permitsPerSecond": 100, "burst": 100}}""");
        await admin.SetAsync(other.TenantId!, """{"rateLimit": {"permitsPerSecond": 100, "burst": 100}}""");
        for (var i = 0; i < 3; i++)
        {
            await scim.CreateUserAsync($"page{i}@example.com");
            await other.CreateUserAsync($"page{i}@example.com");
        }

        var byDefault = await scim.GetAsync("/Users");
        Assert.Equal(3, (int)byDefault.Json["totalResults"]!);
        Assert.Single(byDefault.Ids);
        Assert.Equal(2, (await scim.GetAsync("/Users?count=10")).Ids.Count);
        Assert.Equal(2, (await scim.PostAsync("/Users/.search", new JsonObject { ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"), ["count"] = 10 })).Ids.Count);
        Assert.Equal(2, (await scim.GetAsync("/Users?cursor&count=10")).Ids.Count);
        Assert.Equal(3, (await other.GetAsync("/Users")).Ids.Count);

        var config = (await scim.GetAsync("/ServiceProviderConfig")).Json;
        Assert.Equal(2, (int)config["filter"]!["maxResults"]!);
        Assert.Equal(1, (int)config["pagination"]!["defaultPageSize"]!);
        Assert.Equal(2, (int)config["pagination"]!["maxPageSize"]!);
        // Without the tenant's token the server's own sizes are advertised: nothing about the tenant shows.
        var anonymous = (await scim.WithToken(null).GetAsync("/ServiceProviderConfig")).Json;
        Assert.Equal(1000, (int)anonymous["filter"]!["maxResults"]!);
        Assert.Equal(100, (int)anonymous["pagination"]!["defaultPageSize"]!);
        Assert.Equal(1000, (int)(await other.GetAsync("/ServiceProviderConfig")).Json["filter"]!["maxResults"]!);
        Assert.Equal(1000, (int)(await other.At($"/scim/v2/{scim.TenantId}").GetAsync("/ServiceProviderConfig")).Json["filter"]!["maxResults"]!);
    }

    [Fact]
    public async Task A_tenants_rate_limit_replaces_the_servers_for_it_alone()
    {
        var generous = await factory.CreateTenantAsync();
        var strict = await factory.CreateTenantAsync();
        var plain = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await admin.SetAsync(generous.TenantId!, """{"rateLimit": {"permitsPerSecond": 0.01, "burst": 10}}""");
        await admin.SetAsync(strict.TenantId!, """{"rateLimit": {"permitsPerSecond": 0.01, "burst": 2}}""");

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await generous.GetAsync("/Users?count=0")).Status);
        }
        (await generous.GetAsync("/Users?count=0")).AssertError(HttpStatusCode.TooManyRequests);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await strict.GetAsync("/Users?count=0")).Status);
        }
        var limited = await strict.GetAsync("/Users?count=0");
        Assert.Null(limited.AssertError(HttpStatusCode.TooManyRequests));
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/Users?count=0")).Status);
        }
        (await plain.GetAsync("/Users?count=0")).AssertError(HttpStatusCode.TooManyRequests);

        // Back to the server's limit: a bucket of the server's size, full.
        await admin.SetAsync(strict.TenantId!, """{"rateLimit": null}""");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await strict.GetAsync("/Users?count=0")).Status);
        }
        (await strict.GetAsync("/Users?count=0")).AssertError(HttpStatusCode.TooManyRequests);
    }

    public void Dispose() => factory.Dispose();
}
