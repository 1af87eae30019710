using System.Diagnostics;

namespace Provisio.Bench;

/// <summary>
/// An IdP's first sync into Provisio running as a child process, beside the same workloads on two baselines measured
/// in the same run: a bare Kestrel endpoint (the HTTP limit) and one SQLite statement per request (the storage limit).
/// Then, on the largest directory: lookups, full paging, deactivations, a group growing to every user, and reading
/// that group back, with the server's resident memory.
/// </summary>
internal static class SyncBenchmark
{
    private const int Concurrency = 8;

    public static async Task<int> RunAsync(int users, BenchStorage storage, TextWriter output, CancellationToken cancellationToken)
    {
        var root = storage.DataDirectory ?? Directory.CreateTempSubdirectory("provisio-sync-").FullName;
        var report = new SyncReport();
        // Baselines are short fixed runs: they only need to be long enough to be steady.
        var baselineUsers = Math.Min(users, 10_000);
        var operations = Math.Min(users, 20_000);
        await output.WriteLineAsync($"Provisio first-sync benchmark: {users:N0} users, {(storage.Postgres ? "PostgreSQL" : "SQLite")}, {Environment.ProcessorCount} cores.");
        try
        {
            await RunBaselineAsync(SyncReport.HttpLimit, "fixed", root, baselineUsers, operations, report, output, cancellationToken);
            await RunBaselineAsync(SyncReport.StorageLimit, "sqlite", root, baselineUsers, operations, report, output, cancellationToken);
            var (largest, ids) = await RunSyncsAsync(users, storage, root, report, output, cancellationToken);
            await using (largest)
            {
                await RunOnDirectoryAsync(largest, ids, operations, report, output, cancellationToken);
            }
        }
        finally
        {
            if (storage.DataDirectory is null)
            {
                Directory.Delete(root, recursive: true);
            }
        }
        await report.WriteAsync(output);
        return 0;
    }

    /// <summary>A sync at c=1 and c=8 into a fresh baseline each, then lookups and PATCHes on the c=8 one.</summary>
    private static async Task RunBaselineAsync(string limit, string mode, string root, int users, int operations, SyncReport report, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var concurrency in new[] { 1, Concurrency })
        {
            var folder = Fresh(Path.Combine(root, $"baseline-{mode}-c{concurrency}"));
            await using var server = await ChildServer.StartAsync("Provisio.Bench", ["baseline-server", "--mode", mode, "--data-dir", folder], cancellationToken);
            using var client = ScimClient.Create($"{server.Url}/scim/v2/{BenchServer.Tenant}/", "baseline");
            var (sync, ids) = await SyncWorkloads.SyncAsync(client, users, concurrency, cancellationToken);
            await AddAsync(report, output, new WorkloadRow($"sync {users:N0} users", WorkloadKind.Sync, sync, limit));
            if (concurrency == Concurrency)
            {
                var lookups = await SyncWorkloads.LookupsAsync(client, users, operations, concurrency, expectFound: mode == "sqlite", cancellationToken);
                await AddAsync(report, output, new WorkloadRow("userName eq lookup", WorkloadKind.Lookup, lookups, limit));
                var patches = await SyncWorkloads.DeactivationsAsync(client, ids, operations, concurrency, cancellationToken);
                await AddAsync(report, output, new WorkloadRow("deactivation PATCH", WorkloadKind.Patch, patches, limit));
            }
        }
    }

    /// <summary>
    /// First syncs of 10,000 and N users at c=1 and c=8, each into a fresh database and a fresh server process so that
    /// neither data nor warm caches carry over; the last (N at c=8) is kept, with its users' ids, for what follows.
    /// </summary>
    private static async Task<(ProvisioChild Largest, string[] Ids)> RunSyncsAsync(int users, BenchStorage storage, string root, SyncReport report, TextWriter output, CancellationToken cancellationToken)
    {
        var sizes = users > 10_000 ? new[] { 10_000, users } : [users];
        foreach (var size in sizes)
        {
            foreach (var concurrency in new[] { 1, Concurrency })
            {
                // A suffix keeps the tenant new when --connection-string or --data-dir outlive a run.
                var name = $"sync-{size}-c{concurrency}-{Random.Shared.Next(0x10000):x4}";
                var (settings, _) = await storage.SettingsAsync(Fresh(Path.Combine(root, name)), name.Replace('-', '_'));
                var child = await ProvisioChild.StartAsync(settings, name, cancellationToken);
                try
                {
                    var (sync, peakRssMb) = await MeasureAsync(child, () => SyncWorkloads.SyncAsync(child.Client, size, concurrency, cancellationToken));
                    await AddAsync(report, output, new WorkloadRow($"first sync of {size:N0} users", WorkloadKind.Sync, sync.Result, PeakRssMb: peakRssMb));
                    if (size == users && concurrency == Concurrency)
                    {
                        return (child, sync.Ids);
                    }
                }
                catch
                {
                    await output.WriteLineAsync(child.Server.LastLines);
                    await child.DisposeAsync();
                    throw;
                }
                await child.DisposeAsync();
            }
        }
        throw new UnreachableException();
    }

    private static async Task RunOnDirectoryAsync(ProvisioChild server, string[] ids, int operations, SyncReport report, TextWriter output, CancellationToken cancellationToken)
    {
        var client = server.Client;
        var users = ids.Length;
        var lookups = await MeasureAsync(server, () => SyncWorkloads.LookupsAsync(client, users, operations, Concurrency, expectFound: true, cancellationToken));
        await AddAsync(report, output, new WorkloadRow($"userName eq lookup in {users:N0} users", WorkloadKind.Lookup, lookups.Result, PeakRssMb: lookups.PeakRssMb));
        foreach (var cursor in new[] { false, true })
        {
            var paging = await MeasureAsync(server, () => SyncWorkloads.PageAllAsync(client, users, cursor, cancellationToken));
            await AddAsync(report, output, new WorkloadRow(
                $"all {users:N0} users, pages of {SyncWorkloads.PageSize:N0} by {(cursor ? "cursor" : "startIndex")} (ops = pages; {paging.Result.Seconds:F1} s in all)",
                WorkloadKind.Paging, paging.Result, PeakRssMb: paging.PeakRssMb));
        }
        var patches = await MeasureAsync(server, () => SyncWorkloads.DeactivationsAsync(client, ids, operations, Concurrency, cancellationToken));
        await AddAsync(report, output, new WorkloadRow($"deactivation PATCH in {users:N0} users", WorkloadKind.Patch, patches.Result, PeakRssMb: patches.PeakRssMb));

        var growth = await MeasureAsync(server, () => GroupGrowth.RunAsync(client, ids, null, cancellationToken));
        var batches = Throughput.FromSamples(growth.Result.BatchMs, 1, growth.Result.BatchMs.Sum() / 1000);
        await AddAsync(report, output, new WorkloadRow($"group growing to {users:N0} members, PATCH of 100 (ops = batches)", WorkloadKind.Membership, batches, PeakRssMb: growth.PeakRssMb));
        using (var table = new StringWriter())
        {
            await growth.Result.WriteTableAsync(table);
            report.Note(table.ToString().TrimEnd() + " (goal ≤ 1.5×).");
        }

        long bytes;
        var started = Stopwatch.GetTimestamp();
        var sampler = new RssSampler(server.Server.Pid);
        await using (sampler)
        {
            bytes = await client.DrainAsync($"Groups/{growth.Result.GroupId}", cancellationToken);
        }
        report.Note(SyncReport.Invariant(
            $"GET /Groups/{{id}} with {users:N0} members: {bytes / 1_048_576.0:F1} MB in {Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s; server RSS {sampler.BeforeMb:F0} → {sampler.MaxMb:F0} MB (+{sampler.GrowthMb:F0} MB, goal < 50 MB)."));
    }

    /// <summary>Runs a workload with the server's peak RSS reset before it, and returns that peak with the result.</summary>
    private static async Task<(T Result, double PeakRssMb)> MeasureAsync<T>(ProvisioChild server, Func<Task<T>> workload)
    {
        ProcessMemory.ResetPeak(server.Server.Pid);
        var result = await workload();
        return (result, ProcessMemory.PeakRssMb(server.Server.Pid));
    }

    private static async Task AddAsync(SyncReport report, TextWriter output, WorkloadRow row)
    {
        report.Add(row);
        var r = row.Result;
        await output.WriteLineAsync(SyncReport.Invariant(
            $"  {row.Limit ?? "provisio"}: {row.Name}, c={r.Concurrency}: {r.PerSecond:N0}/s, p50 {r.P50Ms:F2} ms, p99 {r.P99Ms:F2} ms{(row.PeakRssMb is { } mb ? $", peak RSS {mb:F0} MB" : "")}"));
    }

    /// <summary>An empty folder at <paramref name="path"/>: a first sync starts from nothing, even with --data-dir.</summary>
    private static string Fresh(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        return Directory.CreateDirectory(path).FullName;
    }
}
