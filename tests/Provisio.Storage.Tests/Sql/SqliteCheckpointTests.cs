using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Provisio.Storage.Sqlite;
using Provisio.Storage.Tests.Support;

namespace Provisio.Storage.Tests.Sql;

/// <summary>
/// Committed pages reach the database file shortly after each write, copied beside the writers: well below the
/// threshold at which a writer would checkpoint itself, and with the WAL reused instead of growing. Passes that fail
/// are logged once per streak, since every write brings another.
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
            await UntilAsync(
                () => new FileInfo(DatabaseFile).Length >= written && WalCopiedIntoDatabase(),
                $"write {write} reaches the database file");
        }

        // One write's frames with their headers and index pages: each write after a finished checkpoint starts the WAL
        // over, where a WAL never started over would hold all five. (The file's length alone is no sign of a finished
        // checkpoint: SQLite sizes the database file before it copies the pages.)
        Assert.InRange(new FileInfo(DatabaseFile + "-wal").Length, 0, 3 * OneWrite);
    }

    [Fact]
    public async Task A_streak_of_failed_passes_is_logged_once_and_so_is_its_end()
    {
        var log = new RecordedLog<SqliteCheckpointer>();
        var opened = 0;
        using var checkpointer = new SqliteCheckpointer(async token =>
        {
            // The first three passes find the database unreadable (a disk gone), the next ones find it again.
            if (Interlocked.Increment(ref opened) <= 3)
            {
                throw new SqliteException("disk I/O error", 10);
            }
            return await dialect.OpenConnectionAsync(token);
        }, log);

        for (var pass = 1; pass <= 5; pass++)
        {
            checkpointer.Written();
            await UntilAsync(() => Volatile.Read(ref opened) >= pass, $"checkpoint pass {pass} begins");
        }

        var failed = Assert.Single(log.Of("CheckpointFailed"));
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.IsType<SqliteException>(failed.Exception);
        var resumed = Assert.Single(log.Of("CheckpointsResumed"));
        Assert.Equal(LogLevel.Information, resumed.Level);
    }

    private Task WriteAsync(string sql) => TestCommands.WriteAsync(dialect, sql);

    /// <summary>
    /// Whether every frame in the WAL has been copied into the database file, read from the WAL-index in the -shm file
    /// (https://sqlite.org/walformat.html): the header's mxFrame, the last valid frame, at byte 16, and the checkpoint
    /// info's nBackfill, the frames copied, at byte 96, both in the machine's byte order.
    /// </summary>
    private bool WalCopiedIntoDatabase()
    {
        using var walIndex = new FileStream(
            DatabaseFile + "-shm", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> start = stackalloc byte[100];
        walIndex.ReadExactly(start);
        var lastFrame = BitConverter.ToUInt32(start[16..]);
        var copied = BitConverter.ToUInt32(start[96..]);
        return lastFrame > 0 && copied == lastFrame;
    }

    private static async Task UntilAsync(Func<bool> condition, string what) =>
        Assert.True(await Eventually.WithinAsync(TimeSpan.FromSeconds(10), condition), $"Expected {what} within 10 s.");
}
