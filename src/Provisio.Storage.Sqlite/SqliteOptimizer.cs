using Microsoft.Extensions.Hosting;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Sqlite;

/// <summary>
/// Keeps SQLite's planner statistics in step with the data: <c>PRAGMA optimize</c> re-analyzes only the tables that
/// changed a lot, so it is cheap to run often, and a directory that grew from 0 to 100,000 users keeps its lookups on
/// the right indexes.
/// </summary>
internal sealed class SqliteOptimizer(ISqlDialect dialect, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await using var connection = await dialect.OpenConnectionAsync(stoppingToken);
            await using var optimize = connection.CreateCommand();
            // 0x10002: consider every table, not only those this connection used, and analyze where needed.
            optimize.CommandText = "PRAGMA optimize = 0x10002;";
            await optimize.ExecuteNonQueryAsync(stoppingToken);
        }
    }
}
