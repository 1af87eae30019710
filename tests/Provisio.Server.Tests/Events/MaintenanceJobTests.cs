using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Audit;
using Provisio.Storage.Events;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Events;

/// <summary>The background jobs: purge after a tenant's grace period, audit rows pruned past its retention.</summary>
public sealed class MaintenanceJobTests : IDisposable
{
    private readonly ShiftableTimeProvider clock = new();
    private readonly ProvisioFactory server;

    public MaintenanceJobTests()
    {
        server = new ProvisioFactory { Time = clock };
        server.Settings["Provisio:Jobs:FirstRunDelay"] = "00:00:00";
        server.Settings["Provisio:Jobs:Interval"] = "00:00:00.100";
    }

    [Fact]
    public async Task A_soft_deleted_user_is_purged_after_the_grace_days_and_its_userName_stays_free()
    {
        var client = await server.CreateTenantAsync();
        await SetAsync(client.TenantId!, new TenantSettings { DeleteMode = DeleteMode.Soft, GraceDays = 3 });
        var id = (string)(await client.CreateUserAsync("gone@example.com"))["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/Users/{id}")).Status);

        clock.Advance(TimeSpan.FromDays(4));
        await Eventually.HoldsAsync(async () => (await EventsAsync(client.TenantId!)).Any(e => e.Type == EventTypes.UserPurged),
            "user.purged emitted");

        var purged = (await EventsAsync(client.TenantId!)).Where(e => e.Type == EventTypes.UserPurged).ToList();
        Assert.Equal(id, Assert.Single(purged).ResourceId);
        Assert.Null(purged[0].TokenId);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Users/{id}")).Status);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/Users", ScimClient.NewUser("gone@example.com"))).Status);
    }

    [Fact]
    public async Task A_soft_deleted_user_within_its_grace_days_is_kept()
    {
        var client = await server.CreateTenantAsync();
        var marker = await server.CreateTenantAsync();
        await SetAsync(client.TenantId!, new TenantSettings { DeleteMode = DeleteMode.Soft, GraceDays = 30 });
        await SetAsync(marker.TenantId!, new TenantSettings { DeleteMode = DeleteMode.Soft, GraceDays = 1 });
        var kept = (string)(await client.CreateUserAsync("kept@example.com"))["id"]!;
        var gone = (string)(await marker.CreateUserAsync("gone@example.com"))["id"]!;
        await client.DeleteAsync($"/Users/{kept}");
        await marker.DeleteAsync($"/Users/{gone}");

        clock.Advance(TimeSpan.FromDays(2));
        // Two full runs after the marker's purge, so the kept user's tenant was looked at since the clock moved.
        await Eventually.HoldsAsync(async () => (await EventsAsync(marker.TenantId!)).Any(e => e.Type == EventTypes.UserPurged), "marker purged");
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.DoesNotContain(await EventsAsync(client.TenantId!), e => e.Type == EventTypes.UserPurged);
    }

    [Fact]
    public async Task Two_servers_on_one_database_purge_each_user_once()
    {
        using var second = new ProvisioFactory(server.DataDirectory) { Time = clock };
        second.Settings["Provisio:Jobs:FirstRunDelay"] = "00:00:00";
        second.Settings["Provisio:Jobs:Interval"] = "00:00:00.100";
        var client = await server.CreateTenantAsync();
        _ = second.Services; // started, so both servers run the jobs
        await SetAsync(client.TenantId!, new TenantSettings { DeleteMode = DeleteMode.Soft, GraceDays = 1 });
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var id = (string)(await client.CreateUserAsync($"leaver{i}@example.com"))["id"]!;
            await client.DeleteAsync($"/Users/{id}");
            ids.Add(id);
        }

        clock.Advance(TimeSpan.FromDays(2));
        await Eventually.HoldsAsync(async () => (await EventsAsync(client.TenantId!)).Count(e => e.Type == EventTypes.UserPurged) >= ids.Count,
            "every user purged");
        // Both servers keep running the job meanwhile: a second purge would show as a second event.
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var purged = (await EventsAsync(client.TenantId!)).Where(e => e.Type == EventTypes.UserPurged).Select(e => e.ResourceId).ToList();
        Assert.Equal(ids.Order(), purged.Order());
    }

    [Fact]
    public async Task Audit_rows_past_the_retention_are_pruned_and_newer_ones_kept()
    {
        var client = await server.CreateTenantAsync();
        await SetAsync(client.TenantId!, new TenantSettings { AuditRetentionDays = 30 });
        var old = (string)(await client.CreateUserAsync("old@example.com"))["id"]!;
        clock.Advance(TimeSpan.FromDays(31));
        var recent = (string)(await client.CreateUserAsync("recent@example.com"))["id"]!;

        await Eventually.HoldsAsync(async () => !(await AuditAsync(client.TenantId!)).Any(e => e.ResourceId == old), "the old row pruned");

        var rows = await AuditAsync(client.TenantId!);
        Assert.Contains(rows, e => e.ResourceId == recent);
    }

    public void Dispose() => server.Dispose();

    private Task SetAsync(string tenantId, TenantSettings settings) =>
        server.Services.GetRequiredService<ITenantSettingsStore>().SetAsync(tenantId, settings, CancellationToken.None);

    private async Task<IReadOnlyList<ChangeEvent>> EventsAsync(string tenantId) =>
        (await server.Services.GetRequiredService<IEventStore>().ReadAsync(tenantId, 0, 1_000, null, CancellationToken.None)).Events;

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(string tenantId) =>
        (await server.Services.GetRequiredService<IAuditLog>().QueryAsync(tenantId, new AuditQuery { Limit = 1_000 }, CancellationToken.None)).Entries;
}
