using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;
using static Provisio.Server.Tests.Bulk.BulkRequests;

namespace Provisio.Server.Tests.Bulk;

/// <summary>A server with small bulk limits: 3 operations, 4 KiB.</summary>
public sealed class BulkLimitTests : IDisposable
{
    private readonly ProvisioFactory factory = new()
    {
        Settings = { ["Provisio:MaxBulkOperations"] = "3", ["Provisio:MaxBulkPayloadBytes"] = "4096" },
    };

    [Fact]
    public async Task The_limits_are_advertised_in_the_service_provider_config()
    {
        var config = (await factory.Anonymous().GetAsync("/ServiceProviderConfig")).Json;

        Assert.True((bool)config["bulk"]!["supported"]!);
        Assert.Equal(3, (int)config["bulk"]!["maxOperations"]!);
        Assert.Equal(4096, (int)config["bulk"]!["maxPayloadSize"]!);
    }

    [Fact]
    public async Task More_operations_than_max_operations_is_413_and_changes_nothing()
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.PostAsync("/Bulk", Request([.. Enumerable.Range(0, 4).Select(i => PostUser($"u{i}", $"u{i}@example.com"))]));

        Assert.Null(response.AssertError(HttpStatusCode.RequestEntityTooLarge));
        Assert.Contains("at most 3", (string)response.Json["detail"]!, StringComparison.Ordinal);
        Assert.Equal(0, (int)(await scim.GetAsync("/Users?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task A_body_over_max_payload_size_is_413_and_changes_nothing()
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.PostAsync("/Bulk", Request(PostUser("big", "big@example.com", u => u["title"] = new string('x', 5000))));

        Assert.Null(response.AssertError(HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal(0, (int)(await scim.GetAsync("/Users?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task Up_to_the_limits_works()
    {
        var scim = await factory.CreateTenantAsync();

        var results = await SendAsync(scim, Request([.. Enumerable.Range(0, 3).Select(i => PostUser($"u{i}", $"u{i}@example.com"))]));

        Assert.All(results, r => Assert.Equal("201", (string)r["status"]!));
    }

    public void Dispose() => factory.Dispose();
}
