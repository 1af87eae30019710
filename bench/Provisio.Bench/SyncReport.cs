using System.Globalization;

namespace Provisio.Bench;

/// <summary>The <c>sync</c> results as Markdown tables, ready for docs/performance.md.</summary>
internal sealed class SyncReport
{
    public const string HttpLimit = "HTTP limit";
    public const string StorageLimit = "storage limit";

    private readonly List<WorkloadRow> rows = [];
    private readonly List<string> notes = [];

    public void Add(WorkloadRow row) => rows.Add(row);

    public void Note(string line) => notes.Add(line);

    public async Task WriteAsync(TextWriter output)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync("Baselines, minimal APIs on Kestrel in a child process: the HTTP limit answers fixed JSON, the storage limit runs");
        await output.WriteLineAsync("one SQLite statement per request (WAL, synchronous=NORMAL). Sync: ms per user (GET filter + POST); others: per request.");
        await output.WriteLineAsync();
        await output.WriteLineAsync("| baseline | workload | c | ops | ops/s | p50 ms | p95 ms | p99 ms |");
        await output.WriteLineAsync("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows.Where(r => r.Limit is not null))
        {
            var r = row.Result;
            await output.WriteLineAsync(Invariant($"| {row.Limit} | {row.Name} | {r.Concurrency} | {r.Operations:N0} | {r.PerSecond:N0} | {r.P50Ms:F2} | {r.P95Ms:F2} | {r.P99Ms:F2} |"));
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync("Provisio in a child process; × = Provisio ops/s ÷ the baseline's ops/s for the same work at the same concurrency:");
        await output.WriteLineAsync();
        await output.WriteLineAsync("| workload | c | ops | ops/s | p50 ms | p95 ms | p99 ms | × HTTP limit | × storage limit | server peak RSS MB |");
        await output.WriteLineAsync("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows.Where(r => r.Limit is null))
        {
            var r = row.Result;
            await output.WriteLineAsync(Invariant(
                $"| {row.Name} | {r.Concurrency} | {r.Operations:N0} | {r.PerSecond:N0} | {r.P50Ms:F2} | {r.P95Ms:F2} | {r.P99Ms:F2} | {Ratio(row, HttpLimit)} | {Ratio(row, StorageLimit)} | {row.PeakRssMb:F0} |"));
        }
        await output.WriteLineAsync();
        foreach (var note in notes)
        {
            await output.WriteLineAsync(note);
        }
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private string Ratio(WorkloadRow row, string limit) =>
        rows.FirstOrDefault(b => b.Limit == limit && b.Kind == row.Kind && b.Result.Concurrency == row.Result.Concurrency) is { } baseline
            ? Invariant($"{row.Result.PerSecond / baseline.Result.PerSecond:F2}×")
            : "–";
}
