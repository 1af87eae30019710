using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Provisio.Storage.Sqlite;
using Provisio.Storage.Tests.Support;

namespace Provisio.Storage.Tests.Sql;

/// <summary>
/// The optimizer's ANALYZE is a write: it takes its turn at the write gate, so it and the writes around it queue behind
/// each other instead of meeting a locked database (which the provider retries by sleeping 150 ms).
/// </summary>
public sealed class SqliteOptimizerTests : IDisposable
{
    private const int Rows = 20_000;

    private readonly string folder = Directory.CreateTempSubdirectory("provisio-optimizer-").FullName;
    private readonly SqliteDialect dialect;
    private readonly SqliteOptimizer optimizer;

    public SqliteOptimizerTests()
    {
        // As UseSqlite does for the server: SQLite calls hold their threads.
        SqliteThreadPool.EnsureMinimum();
        dialect = new SqliteDialect($"Data Source={Path.Combine(folder, "optimizer.db")}");
        optimizer = new SqliteOptimizer(dialect, TimeProvider.System);
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
}
