using Provisio.Storage.Sqlite;
using SQLitePCL;

namespace Provisio.Storage.Tests.Sql;

/// <summary>
/// SQLite counts no allocations once a dialect exists: counting takes one process-wide mutex per allocation, which
/// concurrent requests queued on. Every SQLite connection in this test assembly is a dialect's, so the first dialect
/// configures SQLite before anything initializes it.
/// </summary>
public sealed class SqliteMemoryStatisticsTests
{
    [Fact]
    public async Task Statements_run_through_a_dialect_leave_the_memory_counters_at_zero()
    {
        var folder = Directory.CreateTempSubdirectory("provisio-memstatus-").FullName;
        try
        {
            using (var dialect = new SqliteDialect($"Data Source={Path.Combine(folder, "m.db")}"))
            {
                await using var connection = await dialect.OpenConnectionAsync(CancellationToken.None);
                await using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE t (v TEXT); INSERT INTO t SELECT hex(randomblob(100)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) SELECT i FROM n); SELECT COUNT(*) FROM t;";
                Assert.Equal(500L, await command.ExecuteScalarAsync());

                Assert.Equal(0L, raw.sqlite3_memory_used());
                Assert.Equal(0L, raw.sqlite3_memory_highwater(0));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
