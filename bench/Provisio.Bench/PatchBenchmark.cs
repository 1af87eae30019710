using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Provisio.Bench;

/// <summary>
/// Grows one group to N members with PATCH batches of 100 (as Okta and Entra push memberships), then removes 1,000
/// members one PATCH at a time, over HTTP; reports the time per batch as the group grows and the server's managed
/// memory, to show that a membership change costs the same on a 100-member and a 100,000-member group.
/// </summary>
internal static class PatchBenchmark
{
    public static async Task<int> RunAsync(int members, BenchStorage storage, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("Provisio membership PATCH benchmark.");
        await using var server = await BenchServer.StartAsync(storage, members, output, cancellationToken);
        var users = await server.UserIdsAsync(members, cancellationToken);
        // The client belongs to the server (disposed with it), so this wrapper is not disposed.
        var client = new ScimClient(server.Http);
        var memory = new List<(int Members, long Bytes)>();
        var growth = await GroupGrowth.RunAsync(client, users, size =>
        {
            if (size is 1_000 or 10_000 or 100_000 || size == users.Count)
            {
                memory.Add((size, GC.GetTotalMemory(forceFullCollection: true)));
            }
        }, cancellationToken);

        var removals = new List<double>();
        foreach (var id in users.Take(1_000))
        {
            var body = new JsonObject
            {
                ["schemas"] = new JsonArray(ScimClient.PatchOp),
                ["Operations"] = new JsonArray(new JsonObject { ["op"] = "remove", ["path"] = $"members[value eq \"{id}\"]" }),
            };
            var started = Stopwatch.GetTimestamp();
            await client.SendAsync(HttpMethod.Patch, growth.Target, body, cancellationToken);
            removals.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        await output.WriteLineAsync();
        await growth.WriteTableAsync(output);
        removals.Sort();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"1,000 single-member removals from a {users.Count:N0}-member group: p50 {removals[499]:F2} ms, p99 {removals[989]:F2} ms"));
        await output.WriteLineAsync("managed heap after a full GC: " + string.Join(", ", memory.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Members:N0} members {m.Bytes / 1_048_576.0:F1} MB"))));
        return 0;
    }
}
