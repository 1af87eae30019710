using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Storage.Access;
using Provisio.Storage.Events;

namespace Provisio.Bench;

/// <summary>
/// 100-member PATCH batches into a group mapped to a role, against the same into an unmapped group, one run: with
/// access computed for the members changed (not for the group), the mapped group should cost about the same at every
/// size, up to 100,000 members.
/// </summary>
internal static class AccessBenchmark
{
    public static async Task<int> RunAsync(int members, BenchStorage storage, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("Provisio access benchmark: 100-member adds into an unmapped and a mapped group.");
        await using var server = await BenchServer.StartAsync(storage, members, output, cancellationToken);
        var users = await server.UserIdsAsync(members, cancellationToken);
        var client = new ScimClient(server.Http);
        await server.Services.GetRequiredService<IAccessConfigurationStore>().MapAsync(new AccessMapping
        {
            TenantId = BenchServer.Tenant,
            Id = "map_bench",
            Group = "mapped",
            ReferenceKind = GroupReference.Name,
            Roles = ["member"],
            Workspaces = ["everyone"],
            Created = TimeProvider.System.GetUtcNow(),
        }, cancellationToken);
        // The mapping asks for a recomputation of every user: done now, so the background job does not run meanwhile.
        await server.Services.GetRequiredService<IAccessStore>().RecomputeAsync(BenchServer.Tenant, 500, cancellationToken);

        var unmapped = await GroupGrowth.RunAsync(client, users, null, cancellationToken, "unmapped");
        var mapped = await GroupGrowth.RunAsync(client, users, null, cancellationToken, "mapped");

        await output.WriteLineAsync();
        await output.WriteLineAsync("Unmapped group:");
        await unmapped.WriteTableAsync(output);
        await output.WriteLineAsync();
        await output.WriteLineAsync("Mapped group (each batch grants a role and a workspace to 100 users: 200 more events):");
        await mapped.WriteTableAsync(output);
        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"mapped / unmapped, mean over all batches: {mapped.BatchMs.Average() / unmapped.BatchMs.Average():F2}x"));
        var held = await server.Services.GetRequiredService<IAccessStore>().GetAsync(BenchServer.Tenant, users[^1], cancellationToken);
        await output.WriteLineAsync($"check: the last user holds {string.Join(", ", held!.Roles.Select(r => r.Name))}");
        await DeleteMappedGroupAsync(server, client, mapped.GroupId, users[^1], output, cancellationToken);
        return 0;
    }

    /// <summary>
    /// Deletes the mapped group and times the DELETE, then the background jobs: the last member event with
    /// group.deleted, and the last user's role revoked.
    /// </summary>
    private static async Task DeleteMappedGroupAsync(BenchServer server, ScimClient client, string groupId, string lastUser, TextWriter output, CancellationToken cancellationToken)
    {
        var events = server.Services.GetRequiredService<IEventStore>();
        var access = server.Services.GetRequiredService<IAccessStore>();
        var after = (await events.ReadAsync(BenchServer.Tenant, 0, 1, null, cancellationToken)).Through;
        var started = Stopwatch.GetTimestamp();
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri($"Groups/{groupId}", UriKind.Relative)))
        using (var response = await client.Http.SendAsync(delete, cancellationToken))
        {
            response.EnsureSuccessStatusCode();
        }
        var deleteMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        double? deletedEventMs = null, revokedMs = null;
        while ((deletedEventMs is null || revokedMs is null) && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(10))
        {
            var page = await events.ReadAsync(BenchServer.Tenant, after, 1_000, [EventTypes.GroupDeleted], cancellationToken);
            after = page.Through;
            if (deletedEventMs is null && page.Events.Any(e => e.ResourceId == groupId))
            {
                deletedEventMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            if (revokedMs is null && (await access.GetAsync(BenchServer.Tenant, lastUser, cancellationToken))!.Roles.Count == 0)
            {
                revokedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            await Task.Delay(50, cancellationToken);
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"DELETE of the mapped group: answered in {deleteMs:F0} ms; group.deleted (after every member's event) at {deletedEventMs:F0} ms; the last user's role revoked at {revokedMs:F0} ms"));
    }
}
