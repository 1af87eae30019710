using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Provisio.Storage.Sqlite;
using Provisio.Storage.Tests.Support;

namespace Provisio.Storage.Tests.Sql;

/// <summary>
/// The optimizer's ANALYZE is a write: it takes its turn at the write gate, so it and the writes around it queue behind
/// each other instead of meeting a locked database (which the provider retries by sleeping 150 ms). A pass that fails
/// all the same is logged and tried again, never taking the host down with it.
/// </summary>
public sealed class SqliteOptimizerTests : IDisposable
{
    private const int Rows = 20_000;

    private readonly string folder = Directory.CreateTempSubdirectory("provisio-optimizer-").FullName;
    private string DatabaseFile => Path.Combine(folder, "optimizer.db");
    private readonly SqliteDialect dialect;
    private readonly SqliteOptimizer optimizer;

    public SqliteOptimizerTests()
    {
        // As UseSqlite does for the server: SQLite calls hold their threads.
        SqliteThreadPool.EnsureMinimum();
        dialect = new SqliteDialect($"Data Source={DatabaseFile}");
        optimizer = new SqliteOptimizer(dialect, TimeProvider.System, NullLogger<SqliteOptimizer>.Instance);
    }

    public void Dispose()
    {
        optimizer.Dispose();
        dialect.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_pass_analyzes_a_table_that_was_never_analyzed()
    {
        await FillAsync();

        await optimizer.OptimizeAsync(CancellationToken.None);

        Assert.True(await AnalyzedIndexesAsync() >= 2);
    }

    [Fact]
    public async Task A_pass_that_meets_a_write_in_progress_runs_as_soon_as_the_write_ends()
    {
        await FillAsync();
        var pass = Stopwatch.StartNew();
        Task optimizing;
        await using (var connection = await dialect.OpenWriteConnectionAsync(CancellationToken.None))
        await using (var transaction = await dialect.BeginWriteTransactionAsync(connection, CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE items SET n = n + 1 WHERE id = 1;";
            await command.ExecuteNonQueryAsync();
            optimizing = Task.Run(() => optimizer.OptimizeAsync(CancellationToken.None));
            await Task.Delay(50);
            Assert.False(optimizing.IsCompleted);
            await transaction.CommitAsync();
        }
        await optimizing;
        pass.Stop();

        Assert.True(await AnalyzedIndexesAsync() >= 2);
        // Queued at the gate it starts when the write closes; meeting SQLite's lock instead, it would sleep 150 ms first.
        Assert.True(pass.Elapsed < TimeSpan.FromMilliseconds(150), $"the pass took {pass.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_pass_that_fails_is_logged_and_the_next_tick_runs_again()
    {
        await FillAsync();
        // Another process's write transaction: outside this process's write gate, so the pass meets SQLite's lock and,
        // with a one-second busy timeout, fails.
        await using var otherProcess = new SqliteConnection($"Data Source={DatabaseFile}");
        await otherProcess.OpenAsync();
        await using var hold = otherProcess.CreateCommand();
        hold.CommandText = "BEGIN IMMEDIATE;";
        await hold.ExecuteNonQueryAsync();
        var log = new RecordedLog<SqliteOptimizer>();
        using var impatient = new SqliteDialect($"Data Source={DatabaseFile};Default Timeout=1");
        using var ticking = new SqliteOptimizer(impatient, new MinutesAsMilliseconds(), log);

        await ticking.StartAsync(CancellationToken.None);
        var failed = await Eventually.WithinAsync(TimeSpan.FromSeconds(20), () => log.Of("PlannerStatisticsFailed").Count > 0);
        hold.CommandText = "ROLLBACK;";
        await hold.ExecuteNonQueryAsync();
        var analyzed = await Eventually.WithinAsync(TimeSpan.FromSeconds(20), async () => await AnalyzedIndexesAsync() >= 2);
        var stillRunning = !ticking.ExecuteTask!.IsCompleted;
        await ticking.StopAsync(CancellationToken.None);

        Assert.True(failed, "no failed pass was logged");
        var failure = log.Of("PlannerStatisticsFailed")[0];
        Assert.Equal(LogLevel.Warning, failure.Level);
        Assert.IsType<SqliteException>(failure.Exception);
        Assert.True(stillRunning, $"the optimizer stopped: {ticking.ExecuteTask!.Exception?.InnerException?.Message}");
        Assert.True(analyzed, "no pass analyzed once the lock was gone");
    }

    /// <summary>A table of <see cref="Rows"/> rows with two indexes, never analyzed.</summary>
    private async Task FillAsync()
    {
        await ExecuteAsync("CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL);"
            + "CREATE INDEX ix_items_name ON items (name); CREATE INDEX ix_items_kind ON items (kind, n);");
        await ExecuteAsync($"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {Rows}) "
            + "INSERT INTO items (id, n, name, kind) SELECT i, 0, hex(randomblob(12)), 'k' || (i % 7) FROM s;");
    }

    private Task ExecuteAsync(string sql) => TestCommands.WriteAsync(dialect, sql);

    private async Task<long> AnalyzedIndexesAsync()
    {
        await using var connection = await dialect.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1';";
        if ((long)(await command.ExecuteScalarAsync())! == 0)
        {
            return 0;
        }
        command.CommandText = "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'items' AND idx IS NOT NULL;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The optimizer's minute as a millisecond, so a test sees many ticks.</summary>
    private sealed class MinutesAsMilliseconds : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, Shorten(dueTime), Shorten(period));

        private static TimeSpan Shorten(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : span / 60_000;
    }
}
