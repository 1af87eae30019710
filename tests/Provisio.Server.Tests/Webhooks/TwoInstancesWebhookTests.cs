using Provisio.Server.Tests.Events;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Webhooks;

/// <summary>
/// Two servers on one database share the delivery of a 1,000-event stream: every event reaches the endpoint, none
/// twice. (On SQLite both share one file in one process; the PostgreSQL run is the scale-out case, with advisory locks.)
/// </summary>
public sealed class TwoInstancesWebhookTests : IAsyncLifetime, IDisposable
{
    private readonly WebhookTestServer first = new();
    private readonly WebhookTestServer second;
    private WebhookReceiver receiver = null!;

    public TwoInstancesWebhookTests() => second = new WebhookTestServer(first.DataDirectory);

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    [Fact]
    public async Task Two_servers_deliver_a_thousand_events_with_none_missing_and_none_twice()
    {
        var one = await first.CreateTenantAsync();
        var other = new ScimClient(second.CreateClient(), one.BasePath, one.Token, one.TenantId, one.TokenId);
        receiver.Secrets = [(await first.AddEndpointAsync(one.TenantId!, receiver.Url)).Secret];

        // 10 writers, half through each server, 50 users each, created and deactivated: 1,000 events.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async writer =>
        {
            var client = writer % 2 == 0 ? one : other;
            for (var i = 0; i < 50; i++)
            {
                var id = (string)(await client.CreateUserAsync($"w{writer}-{i}@example.com"))["id"]!;
                await client.SendAsync(HttpMethod.Patch, $"/Users/{id}", EventHandlerTests.Deactivate);
            }
        }));

        var feed = (await (await first.AdminAsync()).ReadAllEventsAsync(one.TenantId!, limit: 1_000)).Events;
        Assert.Equal(1_000, feed.Count);
        var ids = feed.Select(e => (string)e["id"]!).ToHashSet();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (receiver.Accepted.Select(d => d.EventId).Distinct().Count() < ids.Count && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }
        // A duplicate would come from the other server's next poll: give both a few polls before counting.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var accepted = receiver.Accepted.Select(d => d.EventId!).ToList();
        Assert.True(ids.SetEquals(accepted), $"{ids.Except(accepted).Count()} events missing, {accepted.Except(ids).Count()} unknown");
        Assert.Equal(ids.Count, accepted.Count);
        Assert.All(receiver.Deliveries, d => Assert.True(d.SignatureValid));
    }

    public Task DisposeAsync() => receiver.DisposeAsync().AsTask();

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }
}
