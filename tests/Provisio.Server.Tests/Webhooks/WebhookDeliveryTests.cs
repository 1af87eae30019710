using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Events;
using Provisio.Server.Tests.Support;
using Provisio.Server.Webhooks;
using Provisio.Storage.Events;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Tests.Webhooks;

/// <summary>Events reach the tenants' webhook endpoints: signed, in the feed's shape, retried, in order per resource, dead after the last attempt.</summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime, IDisposable
{
    private readonly WebhookTestServer server = new();
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    [Fact]
    public async Task Events_reach_the_endpoint_signed_in_the_feeds_shape_with_their_headers()
    {
        var client = await server.CreateTenantAsync();
        var (_, secret) = await server.AddEndpointAsync(client.TenantId!, receiver.Url);
        receiver.Secrets = [secret];
        var id = (string)(await client.CreateUserAsync("joiner@example.com"))["id"]!;
        await client.SendAsync(HttpMethod.Patch, $"/Users/{id}", EventHandlerTests.Deactivate);

        await Eventually.HoldsAsync(() => receiver.Accepted.Count >= 2, "both events delivered");
        var feed = (await (await server.AdminAsync()).ReadAllEventsAsync(client.TenantId!)).Events;
        Assert.Equal(feed.Select(e => (string)e["id"]!), receiver.Accepted.Select(d => d.EventId));
        foreach (var (delivery, feedEvent) in receiver.Accepted.Zip(feed))
        {
            Assert.True(delivery.SignatureValid, delivery.Signature);
            Assert.Equal("application/json", delivery.ContentType);
            Assert.Equal(1, delivery.Attempt);
            Assert.True(JsonNode.DeepEquals(feedEvent, delivery.Event), $"{delivery.Event} differs from the feed's {feedEvent}");
            var timestamp = long.Parse(delivery.Signature!.Split(',')[0]["t=".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(DateTimeOffset.FromUnixTimeSeconds(timestamp), TimeProvider.System.GetUtcNow().AddMinutes(-1), TimeProvider.System.GetUtcNow().AddMinutes(1));
        }
        Assert.Equal([EventTypes.UserCreated, EventTypes.UserDeactivated], receiver.Accepted.Select(d => (string)d.Event["type"]!));
    }

    [Fact]
    public async Task A_signature_fails_after_a_one_byte_change_to_the_body()
    {
        var client = await server.CreateTenantAsync();
        var (_, secret) = await server.AddEndpointAsync(client.TenantId!, receiver.Url);
        receiver.Secrets = [secret];
        await client.CreateUserAsync("tamper@example.com");
        await Eventually.HoldsAsync(() => receiver.Accepted.Count >= 1, "the event delivered");

        var delivery = receiver.Accepted[0];
        Assert.True(WebhookReceiver.SignatureIsValid(delivery.Signature, delivery.Body, [secret]));
        var tampered = (byte[])delivery.Body.Clone();
        tampered[tampered.Length / 2] ^= 0x01;
        Assert.False(WebhookReceiver.SignatureIsValid(delivery.Signature, tampered, [secret]));
        Assert.False(WebhookReceiver.SignatureIsValid(delivery.Signature, delivery.Body, ["whsec_another"]));
    }

    [Fact]
    public async Task A_refused_delivery_is_retried_and_each_resources_events_arrive_in_order()
    {
        receiver.RefuseFirst = 3;
        var client = await server.CreateTenantAsync();
        var (endpointId, secret) = await server.AddEndpointAsync(client.TenantId!, receiver.Url);
        receiver.Secrets = [secret];
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = (string)(await client.CreateUserAsync($"retry{i}@example.com"))["id"]!;
            ids.Add(id);
            await client.SendAsync(HttpMethod.Patch, $"/Users/{id}", EventHandlerTests.Patch("replace", "displayName", $"Name {i}"));
            await client.SendAsync(HttpMethod.Patch, $"/Users/{id}", EventHandlerTests.Deactivate);
        }

        var outbox = (await server.Services.GetRequiredService<IEventStore>().ReadAsync(client.TenantId!, 0, 100, null, CancellationToken.None)).Events;
        Assert.Equal(9, outbox.Count);
        await Eventually.HoldsAsync(() => outbox.All(e => receiver.Accepted.Any(d => d.EventId == e.Id)), "every event delivered");
        Assert.All(receiver.Deliveries, d => Assert.True(d.SignatureValid));
        Assert.Equal(3, receiver.Deliveries.Count(d => d.Status == 500));
        // Order per resource: each resource's events were accepted in sequence order, whatever the retries did.
        foreach (var id in ids)
        {
            var accepted = receiver.Accepted.Where(d => (string)d.Event["resource"]!["id"]! == id).Select(d => (long)d.Event["sequence"]!).ToList();
            Assert.Equal(outbox.Where(e => e.ResourceId == id).Select(e => e.Sequence), accepted.Distinct());
        }
        // A retried event says which attempt it is.
        var refused = receiver.Deliveries.First(d => d.Status == 500);
        Assert.Contains(receiver.Accepted, d => d.EventId == refused.EventId && d.Attempt > refused.Attempt);

        // The delivery log shows the failures with their status code, and the deliveries.
        var log = await server.SendAsync(HttpMethod.Get, $"/api/tenants/{client.TenantId}/webhooks/{endpointId}/deliveries?limit=200");
        Assert.Equal(HttpStatusCode.OK, log.Status);
        var items = log.Json["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(3, items.Count(i => (string)i["outcome"]! == "failed" && (int?)i["statusCode"] == 500));
        Assert.Equal(9, items.Count(i => (string)i["outcome"]! == "delivered"));
    }

    [Fact]
    public async Task A_refusing_answer_is_quoted_in_the_delivery_log_but_never_in_the_servers_log()
    {
        var logs = new CapturedLogs();
        using var logged = new WebhookTestServer { Logs = logs };
        var client = await logged.CreateTenantAsync();
        var (endpointId, secret) = await logged.AddEndpointAsync(client.TenantId!, receiver.Url);
        receiver.Secrets = [secret];
        receiver.RefuseFirst = 1;
        receiver.RefusalBody = "no such customer: jane.doe@example.com";
        await client.CreateUserAsync("quoted@example.com");

        await Eventually.HoldsAsync(() => receiver.Accepted.Count >= 1, "the event delivered on its retry");
        var log = await logged.SendAsync(HttpMethod.Get, $"/api/tenants/{client.TenantId}/webhooks/{endpointId}/deliveries");
        var failed = Assert.Single(log.Json["items"]!.AsArray(), i => (string)i!["outcome"]! == "failed")!;
        Assert.Equal("HTTP 500: no such customer: jane.doe@example.com", (string)failed["error"]!);
        Assert.Contains(logs.Lines, l => l.Message.Contains("HTTP 500", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("jane.doe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_event_types_an_endpoint_asked_for_are_sent()
    {
        var client = await server.CreateTenantAsync();
        var (_, secret) = await server.AddEndpointAsync(client.TenantId!, receiver.Url, EventTypes.UserDeactivated);
        receiver.Secrets = [secret];
        for (var i = 0; i < 3; i++)
        {
            var id = (string)(await client.CreateUserAsync($"filtered{i}@example.com"))["id"]!;
            await client.SendAsync(HttpMethod.Patch, $"/Users/{id}", EventHandlerTests.Deactivate);
        }

        await Eventually.HoldsAsync(() => receiver.Accepted.Count >= 3, "the deactivations delivered");
        var consumers = server.Services.GetRequiredService<IEventConsumerStore>();
        var endpoint = Assert.Single(await server.Services.GetRequiredService<IWebhookStore>().ListAsync(client.TenantId!, CancellationToken.None));
        await Eventually.HoldsAsync(async () => await consumers.ReadPositionAsync(endpoint.Consumer, client.TenantId!, CancellationToken.None) == 6, "the position past every event");
        Assert.All(receiver.Deliveries, d => Assert.Equal(EventTypes.UserDeactivated, (string)d.Event["type"]!));
        Assert.Equal(3, receiver.Deliveries.Count);
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_is_dead_and_comes_back_when_requeued()
    {
        using var strict = new WebhookTestServer(maxAttempts: 2);
        var client = await strict.CreateTenantAsync();
        var (endpointId, secret) = await strict.AddEndpointAsync(client.TenantId!, receiver.Url);
        receiver.Secrets = [secret];
        receiver.Answer = _ => 503;
        var id = (string)(await client.CreateUserAsync("dead@example.com"))["id"]!;
        var dead = $"/api/tenants/{client.TenantId}/webhooks/{endpointId}/dead";

        await Eventually.HoldsAsync(async () => (await strict.SendAsync(HttpMethod.Get, dead)).Json["items"]!.AsArray().Count == 1, "the delivery dead");
        var letter = (await strict.SendAsync(HttpMethod.Get, dead)).Json["items"]![0]!;
        Assert.Equal(EventTypes.UserCreated, (string)letter["eventType"]!);
        Assert.Equal(2, (int)letter["attempts"]!);
        Assert.Equal(2, receiver.Deliveries.Count);
        // The resource's next event is not held up by a dead one.
        receiver.Answer = null;
        await client.SendAsync(HttpMethod.Patch, $"/Users/{id}", EventHandlerTests.Deactivate);
        await Eventually.HoldsAsync(() => receiver.Accepted.Any(d => (string)d.Event["type"]! == EventTypes.UserDeactivated), "the later event delivered");

        var requeued = await strict.SendAsync(HttpMethod.Post, $"{dead}/requeue");
        Assert.Equal(HttpStatusCode.OK, requeued.Status);
        Assert.Equal(1, (int)requeued.Json["requeued"]!);
        await Eventually.HoldsAsync(() => receiver.Accepted.Any(d => d.EventId == (string)letter["eventId"]!), "the dead delivery sent again");
        Assert.Empty((await strict.SendAsync(HttpMethod.Get, dead)).Json["items"]!.AsArray());
    }

    [Fact]
    public async Task A_slow_endpoint_does_not_delay_another_tenants_endpoint()
    {
        await using var fast = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromSeconds(8);
        var slowTenant = await server.CreateTenantAsync();
        var fastTenant = await server.CreateTenantAsync();
        receiver.Secrets = [(await server.AddEndpointAsync(slowTenant.TenantId!, receiver.Url)).Secret];
        fast.Secrets = [(await server.AddEndpointAsync(fastTenant.TenantId!, fast.Url)).Secret];

        for (var i = 0; i < 3; i++)
        {
            await slowTenant.CreateUserAsync($"slow{i}@example.com");
        }
        await fastTenant.CreateUserAsync("fast@example.com");

        await Eventually.HoldsAsync(() => fast.Accepted.Count == 1, "the fast endpoint's event delivered");
        // The slow endpoint has not answered its first delivery yet: the fast one did not wait for it.
        Assert.Empty(receiver.Deliveries);
    }

    [Fact]
    public async Task During_a_rotation_both_secrets_sign_so_a_receiver_with_either_accepts()
    {
        var client = await server.CreateTenantAsync();
        var (endpointId, oldSecret) = await server.AddEndpointAsync(client.TenantId!, receiver.Url);
        var rotated = await server.SendAsync(HttpMethod.Post, $"/api/tenants/{client.TenantId}/webhooks/{endpointId}/rotate-secret");
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        var newSecret = (string)rotated.Json["secret"]!;
        Assert.NotEqual(oldSecret, newSecret);
        receiver.Secrets = [newSecret];
        await client.CreateUserAsync("rotation@example.com");

        await Eventually.HoldsAsync(() => receiver.Accepted.Count >= 1, "the event delivered");
        var delivery = receiver.Accepted[0];
        Assert.Equal(2, delivery.Signature!.Split(',').Count(p => p.StartsWith("v1=", StringComparison.Ordinal)));
        Assert.True(WebhookReceiver.SignatureIsValid(delivery.Signature, delivery.Body, [newSecret]));
        Assert.True(WebhookReceiver.SignatureIsValid(delivery.Signature, delivery.Body, [oldSecret]));
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_a_failure()
    {
        var client = await server.CreateTenantAsync();
        var (endpointId, secret) = await server.AddEndpointAsync(client.TenantId!, receiver.Url);
        receiver.Secrets = [secret];
        receiver.Answer = d => d.Number == 1 ? 302 : 200;
        await client.CreateUserAsync("redirected@example.com");

        await Eventually.HoldsAsync(() => receiver.Accepted.Count >= 1, "the event delivered on its retry");
        Assert.Equal(2, receiver.Deliveries.Count);
        var log = await server.SendAsync(HttpMethod.Get, $"/api/tenants/{client.TenantId}/webhooks/{endpointId}/deliveries");
        var failed = Assert.Single(log.Json["items"]!.AsArray(), i => (string)i!["outcome"]! == "failed")!;
        Assert.Equal(302, (int)failed["statusCode"]!);
        Assert.Contains("redirect", (string)failed["error"]!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_endpoint_on_a_loopback_address_is_refused_when_it_connects_unless_private_networks_are_allowed()
    {
        using var guarded = new WebhookTestServer(allowPrivateNetworks: false);
        var client = await guarded.CreateTenantAsync();
        // Stored directly, as if its name had resolved to a public address when it was added (DNS rebinding).
        var (_, protectedSecret) = guarded.Services.GetRequiredService<WebhookSecrets>().Create();
        var endpoint = new WebhookEndpoint
        {
            TenantId = client.TenantId!,
            Id = "wh_rebound",
            Url = receiver.Url,
            Enabled = true,
            ProtectedSecret = protectedSecret,
            Created = TimeProvider.System.GetUtcNow(),
            Updated = TimeProvider.System.GetUtcNow(),
        };
        await guarded.Services.GetRequiredService<IWebhookStore>().AddAsync(endpoint, CancellationToken.None);
        await client.CreateUserAsync("ssrf@example.com");

        var log = guarded.Services.GetRequiredService<IWebhookAttemptLog>();
        await Eventually.HoldsAsync(async () => (await log.ListAsync(client.TenantId!, endpoint.Id, 10, CancellationToken.None)).Count > 0, "an attempt logged");
        var attempt = (await log.ListAsync(client.TenantId!, endpoint.Id, 10, CancellationToken.None))[^1];
        Assert.Equal(WebhookOutcome.Failed, attempt.Outcome);
        Assert.Null(attempt.StatusCode);
        Assert.Contains("127.0.0.1", attempt.Error, StringComparison.Ordinal);
        Assert.Contains("AllowPrivateNetworks", attempt.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Deliveries);
    }

    public Task DisposeAsync() => receiver.DisposeAsync().AsTask();

    public void Dispose() => server.Dispose();
}
