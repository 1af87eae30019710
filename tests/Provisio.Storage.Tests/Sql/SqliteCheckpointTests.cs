using System.Diagnostics;
using Provisio.Storage.Sqlite;

namespace Provisio.Storage.Tests.Sql;

/// <summary>
/// Committed pages reach the database file shortly after each write, copied beside the writers: well below the
/// threshold at which a writer would checkpoint itself, and with the WAL reused instead of growing.
/// </summary>
public sealed class SqliteCheckpointTests : IDisposable
{
    private const int RowsPerWrite = 100;
    private const int RowBytes = 4096;
    private const int Writes = 5;
    private const long OneWrite = RowsPerWrite * RowBytes;

    private static readonly string InsertRows =
        $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {RowsPerWrite}) "
        + $"INSERT INTO blobs SELECT randomblob({RowBytes}) FROM n;";

    private readonly string folder = Directory.CreateTempSubdirectory("provisio-checkpoint-").FullName;
    private readonly SqliteDialect dialect;

    public SqliteCheckpointTests() => dialect = new SqliteDialect($"Data Source={DatabaseFile}");

    private string DatabaseFile => Path.Combine(folder, "checkpoint.db");

    public void Dispose()
    {
        dialect.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Each_write_reaches_the_database_file_and_the_wal_is_reused()
    {
        await WriteAsync("CREATE TABLE blobs (b BLOB NOT NULL);");
        for (var write = 1; write <= Writes; write++)
        {
            await WriteAsync(InsertRows);
            var written = write * OneWrite;
            await UntilAsync(() => new FileInfo(DatabaseFile).Length >= written, $"write {write} reaches the database file");
        }

        // One write's frames with their headers and index pages: each write after a finished checkpoint starts the WAL
        // over, where a WAL never started over would hold all five.
        Assert.InRange(new FileInfo(DatabaseFile + "-wal").Length, 0, 3 * OneWrite);
    }

    private async Task WriteAsync(string sql)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(CancellationToken.None);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Expected {what} within 10 s.");
            await Task.Delay(20);
        }
    }
}
