using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Events;

namespace Provisio.Server.Tests.Events;

/// <summary>
/// Two servers with handlers on one database: each event reaches the handlers once in total, not once per server.
/// (On SQLite both share one file in one process; the PostgreSQL run is the scale-out case, with advisory locks.)
/// </summary>
public sealed class TwoInstancesEventHandlerTests : IDisposable
{
    private readonly HandlerFactory first = new();
    private readonly HandlerFactory second;

    public TwoInstancesEventHandlerTests() => second = new HandlerFactory(first.DataDirectory, first.Recorder, "second");

    [Fact]
    public async Task Every_event_is_handled_once_in_total_by_two_servers()
    {
        var tenants = new List<ScimClient>();
        for (var i = 0; i < 3; i++)
        {
            var one = await first.CreateTenantAsync();
            tenants.Add(one);
            tenants.Add(new ScimClient(second.CreateClient(), one.BasePath, one.Token, one.TenantId, one.TokenId));
        }
        // Writes through both servers at once, so both are woken by their own commits and both poll.
        await Task.WhenAll(tenants.Select(async (client, n) =>
        {
            for (var i = 0; i < 10; i++)
            {
                var id = (string)(await client.CreateUserAsync($"u{n}-{i}@example.com"))["id"]!;
                await client.SendAsync(HttpMethod.Patch, $"/Users/{id}", EventHandlerTests.Patch("replace", "active", JsonValue.Create(false)));
            }
        }));

        var outbox = new List<ChangeEvent>();
        foreach (var tenantId in tenants.Select(t => t.TenantId!).Distinct())
        {
            outbox.AddRange((await first.Services.GetRequiredService<IEventStore>().ReadAsync(tenantId, 0, 1_000, null, CancellationToken.None)).Events);
        }
        Assert.Equal(3 * 2 * 10 * 2, outbox.Count);
        await Eventually.HoldsAsync(() => outbox.All(e => first.Recorder.Delivered.Any(d => d.Id == e.Id)), "every event delivered");
        // A duplicate would come from the other server's next poll: give both a few polls before counting.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var delivered = first.Recorder.Delivered;
        Assert.Equal(outbox.Select(e => e.Id).Order(), delivered.Select(e => e.Id).Order());
        Assert.All(delivered.GroupBy(e => e.Id), g => Assert.Single(g));
    }

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }
}
