using System.Net;
using System.Net.Sockets;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Webhooks;

/// <summary><c>POST …/webhooks/{id}/test</c>: a signed webhook.test event sent at once, its result answered and logged.</summary>
public sealed class WebhookTestRouteTests : IAsyncLifetime, IDisposable
{
    private readonly WebhookTestServer server = new();
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    [Fact]
    public async Task Test_sends_a_signed_webhook_test_event_in_the_events_shape_and_logs_the_attempt()
    {
        var client = await server.CreateTenantAsync();
        var (id, secret) = await server.AddEndpointAsync(client.TenantId!, receiver.Url);
        receiver.Secrets = [secret];
        var admin = await server.AdminAsync();

        var response = await admin.PostAsync(WebhookApi.Path(client.TenantId!, id, "test"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True((bool)response.Json["delivered"]!, response.Body);
        Assert.Equal(200, (int)response.Json["statusCode"]!);
        Assert.True((int)response.Json["latencyMs"]! >= 0);
        Assert.Null(response.Json["error"]);
        var delivery = Assert.Single(receiver.Deliveries);
        Assert.True(delivery.SignatureValid, delivery.Signature);
        Assert.Equal(1, delivery.Attempt);
        var sent = delivery.Event;
        Assert.Equal(
            ["actor", "data", "id", "occurredAt", "requestId", "resource", "sequence", "tenant", "type"],
            sent.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("webhook.test", (string)sent["type"]!);
        Assert.Equal(client.TenantId, (string)sent["tenant"]!);
        Assert.Equal(0, (long)sent["sequence"]!);
        Assert.Null(sent["requestId"]);
        Assert.Null(sent["actor"]!["tokenId"]);
        Assert.Null(sent["actor"]!["tokenName"]);
        Assert.Equal("Webhook", (string)sent["resource"]!["type"]!);
        Assert.Equal(id, (string)sent["resource"]!["id"]!);
        Assert.False(string.IsNullOrEmpty((string?)sent["data"]!["message"]));
        Assert.Equal(7, Guid.Parse((string)sent["id"]!).Version);
        Assert.Equal((string)sent["id"]!, delivery.EventId);

        var logged = Assert.Single((await admin.GetAsync(WebhookApi.Path(client.TenantId!, id, "deliveries"))).Json["items"]!.AsArray())!;
        Assert.Equal(delivery.EventId, (string)logged["eventId"]!);
        Assert.Equal("webhook.test", (string)logged["eventType"]!);
        Assert.Null(logged["sequence"]);
        Assert.Equal(1, (int)logged["attempt"]!);
        Assert.Equal("delivered", (string)logged["outcome"]!);
        Assert.Equal(200, (int)logged["statusCode"]!);
    }

    [Fact]
    public async Task Test_reaches_a_disabled_endpoint_and_is_signed_with_both_secrets_after_a_rotation()
    {
        var client = await server.CreateTenantAsync();
        var (id, first) = await server.AddEndpointAsync(client.TenantId!, receiver.Url);
        var admin = await server.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync(WebhookApi.Path(client.TenantId!, id), """{"enabled": false}""")).Status);
        var second = (string)(await admin.PostAsync(WebhookApi.Path(client.TenantId!, id, "rotate-secret"))).Json["secret"]!;

        var response = await admin.PostAsync(WebhookApi.Path(client.TenantId!, id, "test"));

        Assert.True((bool)response.Json["delivered"]!, response.Body);
        var delivery = Assert.Single(receiver.Deliveries);
        Assert.True(WebhookReceiver.SignatureIsValid(delivery.Signature, delivery.Body, [first]));
        Assert.True(WebhookReceiver.SignatureIsValid(delivery.Signature, delivery.Body, [second]));
    }

    [Fact]
    public async Task A_refusing_endpoint_makes_a_failed_test_with_its_status_in_the_answer_and_the_log()
    {
        var client = await server.CreateTenantAsync();
        var (id, secret) = await server.AddEndpointAsync(client.TenantId!, receiver.Url);
        receiver.Secrets = [secret];
        receiver.Answer = _ => 503;
        var admin = await server.AdminAsync();

        var response = await admin.PostAsync(WebhookApi.Path(client.TenantId!, id, "test"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.False((bool)response.Json["delivered"]!);
        Assert.Equal(503, (int)response.Json["statusCode"]!);
        Assert.False(string.IsNullOrEmpty((string?)response.Json["error"]));
        var logged = Assert.Single((await admin.GetAsync(WebhookApi.Path(client.TenantId!, id, "deliveries"))).Json["items"]!.AsArray())!;
        Assert.Equal("failed", (string)logged["outcome"]!);
        Assert.Equal(503, (int)logged["statusCode"]!);
        Assert.Equal((string)response.Json["error"]!, (string)logged["error"]!);
    }

    [Fact]
    public async Task An_endpoint_nobody_listens_on_makes_a_failed_test_without_a_status()
    {
        var client = await server.CreateTenantAsync();
        var (id, _) = await server.AddEndpointAsync(client.TenantId!, new Uri($"http://127.0.0.1:{ClosedPort()}/hook"));
        var admin = await server.AdminAsync();

        var response = await admin.PostAsync(WebhookApi.Path(client.TenantId!, id, "test"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.False((bool)response.Json["delivered"]!);
        Assert.Null(response.Json["statusCode"]);
        Assert.False(string.IsNullOrEmpty((string?)response.Json["error"]));
        var logged = Assert.Single((await admin.GetAsync(WebhookApi.Path(client.TenantId!, id, "deliveries"))).Json["items"]!.AsArray())!;
        Assert.Equal("failed", (string)logged["outcome"]!);
        Assert.Null(logged["statusCode"]);
    }

    public Task DisposeAsync() => receiver.DisposeAsync().AsTask();

    public void Dispose() => server.Dispose();

    /// <summary>A loopback port that was free a moment ago and that nothing listens on now.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
