using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Sqlite;

/// <summary>
/// Keeps SQLite's planner statistics in step with the data: <c>PRAGMA optimize</c> re-analyzes only the tables that
/// changed a lot, so it is cheap to run often, and a directory that grew from 0 to 100,000 users keeps its lookups on
/// the right indexes. A pass that fails (a disk that filled, another process holding the database's write lock past the
/// busy timeout) is logged and tried again at the next tick: statistics are worth a retry, never the host.
/// </summary>
internal sealed class SqliteOptimizer(ISqlDialect dialect, TimeProvider time, ILogger<SqliteOptimizer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await OptimizeAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                Log.PlannerStatisticsFailed(logger, exception);
            }
        }
    }

    /// <summary>
    /// One pass. ANALYZE writes its statistics, so the pass takes its turn at the write gate like any writer: run on a
    /// reader's connection it took SQLite's write lock behind the gate's back, and a write that met it slept 150 ms, the
    /// provider's retry (a write of 250–500 ms at the first pass on 100,000 users: docs/performance.md, 21st step).
    /// </summary>
    internal async Task OptimizeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var optimize = connection.CreateCommand();
        // 0x10012: consider every table, not only those this connection used (0x10000), analyze where needed (0x02),
        // under SQLite's temporary analysis limit (0x10): a first analysis of 100,000 users took 160 ms without it, 48 with.
        optimize.CommandText = "PRAGMA optimize = 0x10012;";
        await optimize.ExecuteNonQueryAsync(cancellationToken);
    }
}
