using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Events;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Tests.Webhooks;

/// <summary>An endpoint's delivery log and dead deliveries over /api, and re-queueing them.</summary>
public sealed class WebhookDeadLetterTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Dead_deliveries_are_listed_with_their_events_and_requeued_one_or_all()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var id = (string)(await admin.AddAsync(scim.TenantId!, extra: WebhookEndpointTests.Disabled))["id"]!;
        var first = (string)(await scim.CreateUserAsync("dead1@example.com"))["id"]!;
        var second = (string)(await scim.CreateUserAsync("dead2@example.com"))["id"]!;
        var (events, _) = await admin.ReadAllEventsAsync(scim.TenantId!);
        Assert.Equal(2, events.Count);
        var consumers = factory.Services.GetRequiredService<IEventConsumerStore>();
        var consumer = WebhookEndpoint.ConsumerName(id);
        var died = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await consumers.BuryAsync(consumer, scim.TenantId!, new EventRetry(1, first, 8, died, "HTTP 500"), died, 1, CancellationToken.None);
        await consumers.BuryAsync(consumer, scim.TenantId!, new EventRetry(2, second, 8, died, null), died.AddMinutes(1), 2, CancellationToken.None);

        var dead = await admin.GetAsync(WebhookApi.Path(scim.TenantId!, id, "dead"));

        Assert.Equal(HttpStatusCode.OK, dead.Status);
        var items = dead.Json["items"]!.AsArray();
        Assert.Equal([1L, 2L], items.Select(i => (long)i!["sequence"]!));
        Assert.Equal(events.Select(e => (string)e["id"]!), items.Select(i => (string)i!["eventId"]!));
        Assert.All(items, i => Assert.Equal(EventTypes.UserCreated, (string)i!["eventType"]!));
        Assert.Equal([first, second], items.Select(i => (string)i!["resourceId"]!));
        Assert.Equal(8, (int)items[0]!["attempts"]!);
        Assert.Equal("HTTP 500", (string)items[0]!["lastError"]!);
        Assert.Null(items[1]!["lastError"]);
        Assert.Equal("2026-03-01T12:00:00.000Z", (string)items[0]!["diedAt"]!);
        Assert.Single((await admin.GetAsync(WebhookApi.Path(scim.TenantId!, id, "dead?limit=1"))).Json["items"]!.AsArray());

        var one = await admin.PostAsync(WebhookApi.Path(scim.TenantId!, id, "dead/2/requeue"));
        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal(1, (int)one.Json["requeued"]!);
        Assert.Equal([1L], (await admin.GetAsync(WebhookApi.Path(scim.TenantId!, id, "dead"))).Json["items"]!.AsArray().Select(i => (long)i!["sequence"]!));
        var retry = Assert.Single(await consumers.ReadRetriesAsync(consumer, scim.TenantId!, CancellationToken.None));
        Assert.Equal((2L, second, 0), (retry.Sequence, retry.ResourceId, retry.Attempts));

        Assert.Contains("Event 2 is not a dead delivery",
            (await admin.PostAsync(WebhookApi.Path(scim.TenantId!, id, "dead/2/requeue"))).AssertProblem(HttpStatusCode.NotFound), StringComparison.Ordinal);
        var all = await admin.PostAsync(WebhookApi.Path(scim.TenantId!, id, "dead/requeue"));
        Assert.Equal(1, (int)all.Json["requeued"]!);
        Assert.Empty((await admin.GetAsync(WebhookApi.Path(scim.TenantId!, id, "dead"))).Json["items"]!.AsArray());
        Assert.Equal([1L, 2L], (await consumers.ReadRetriesAsync(consumer, scim.TenantId!, CancellationToken.None)).Select(r => r.Sequence));
        Assert.Equal(0, (int)(await admin.PostAsync(WebhookApi.Path(scim.TenantId!, id, "dead/requeue"))).Json["requeued"]!);
    }

    [Fact]
    public async Task The_delivery_log_lists_the_newest_attempts_first_and_keeps_only_the_newest()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var id = (string)(await admin.AddAsync(scim.TenantId!, extra: WebhookEndpointTests.Disabled))["id"]!;
        var log = factory.Services.GetRequiredService<IWebhookAttemptLog>();
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 5; i++)
        {
            await log.RecordAsync(WebhookEndpointTests.Attempt(scim.TenantId!, id, at.AddSeconds(i), sequence: i, attempt: i), keep: 3, CancellationToken.None);
        }
        await log.RecordAsync(WebhookEndpointTests.Attempt(scim.TenantId!, id, at.AddSeconds(9), sequence: null) with
        {
            EventType = "webhook.test",
            Outcome = WebhookOutcome.Delivered,
            StatusCode = 204,
            Error = null,
        }, keep: 3, CancellationToken.None);

        var response = await admin.GetAsync(WebhookApi.Path(scim.TenantId!, id, "deliveries"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var items = response.Json["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        var newest = items[0]!.AsObject();
        Assert.Equal(
            ["at", "attempt", "error", "eventId", "eventType", "latencyMs", "outcome", "sequence", "statusCode"],
            newest.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("webhook.test", (string)newest["eventType"]!);
        Assert.Null(newest["sequence"]);
        Assert.Equal("delivered", (string)newest["outcome"]!);
        Assert.Equal(204, (int)newest["statusCode"]!);
        Assert.Null(newest["error"]);
        Assert.Equal([5L, 4L], items.Skip(1).Select(i => (long)i!["sequence"]!));
        Assert.Equal("failed", (string)items[1]!["outcome"]!);
        Assert.Equal("HTTP 503", (string)items[1]!["error"]!);
        Assert.Equal(12, (int)items[1]!["latencyMs"]!);
        Assert.Equal("2026-03-01T12:00:05.000Z", (string)items[1]!["at"]!);
        Assert.Single((await admin.GetAsync(WebhookApi.Path(scim.TenantId!, id, "deliveries?limit=1"))).Json["items"]!.AsArray());
        Assert.Contains("from 1 to 200",
            (await admin.GetAsync(WebhookApi.Path(scim.TenantId!, id, "deliveries?limit=201"))).AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }
}
