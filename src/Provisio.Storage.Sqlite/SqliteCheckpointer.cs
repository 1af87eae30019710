using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Provisio.Storage.Sqlite;

/// <summary>
/// Copies committed pages from the WAL into the database file beside the writers instead of in their way. SQLite's
/// automatic checkpoint runs inside the commit that crosses its threshold: every hundred or so PATCHes one held the
/// write gate while it copied and synced a thousand pages, and every writer queued behind it. A PASSIVE checkpoint on
/// another connection never blocks the writer nor waits for readers; the writer's own automatic checkpoint stays, at
/// <see cref="BackstopPages"/>. Under sustained writes that one still runs once per <see cref="BackstopPages"/>: SQLite
/// starts the WAL over only when a writer begins on a WAL copied to its end, and another commit lands while a pass
/// runs (docs/performance.md, the twenty-first step, measures it and what was tried against it).
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>WAL pages (4 KiB each) at which a committing writer checkpoints itself, as SQLite does at 1,000.</summary>
    public const int BackstopPages = 10_000;

    /// <summary>
    /// How long writes gather before a checkpoint: a page written many times in that span is copied once, and the
    /// checkpoint after a burst of writes waits for it to end only this long.
    /// </summary>
    private static readonly TimeSpan Gathering = TimeSpan.FromMilliseconds(50);

    private readonly Func<CancellationToken, ValueTask<DbConnection>> openConnection;
    private readonly ILogger logger;
    private readonly SemaphoreSlim written = new(0, 1);
    private readonly CancellationTokenSource stopping = new();
    private int pending;

    /// <summary>Passes failed in a row: only the first of a streak is logged, and the one that works after it.</summary>
    private int failedPasses;

    public SqliteCheckpointer(Func<CancellationToken, ValueTask<DbConnection>> openConnection, ILogger logger)
    {
        this.openConnection = openConnection;
        this.logger = logger;
        _ = Task.Run(CheckpointAfterWritesAsync);
    }

    /// <summary>A write transaction ended: one checkpoint follows shortly, for it and every write until then.</summary>
    public void Written()
    {
        if (Interlocked.Exchange(ref pending, 1) == 0)
        {
            written.Release();
        }
    }

    private async Task CheckpointAfterWritesAsync()
    {
        var token = stopping.Token;
        try
        {
            while (true)
            {
                await written.WaitAsync(token);
                await Task.Delay(Gathering, token);
                Volatile.Write(ref pending, 0);
                try
                {
                    await CheckpointAsync(token);
                    if (failedPasses > 0)
                    {
                        Log.CheckpointsResumed(logger, failedPasses);
                        failedPasses = 0;
                    }
                }
                catch (Exception exception) when (!token.IsCancellationRequested)
                {
                    // A connection that could not open, a disk that filled: writers checkpoint at the backstop
                    // meanwhile, and the next write brings another turn; a loop that ended here would leave them alone
                    // for good. Logged once per streak, as every write brings one.
                    if (failedPasses++ == 0)
                    {
                        Log.CheckpointFailed(logger, BackstopPages, exception);
                    }
                }
            }
        }
        catch (Exception stopped) when (token.IsCancellationRequested && stopped is OperationCanceledException or ObjectDisposedException)
        {
            // Disposed with the dialect; the connections closing last checkpoint what is left.
        }
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await openConnection(cancellationToken);
        var handle = ((SqliteConnection)connection).Handle;
        var result = SQLitePCL.raw.sqlite3_wal_checkpoint_v2(handle, null, SQLitePCL.raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
        // Busy (the backstop checkpoints just now) is no error: what it leaves is for the next turn.
        if (result != SQLitePCL.raw.SQLITE_BUSY)
        {
            SqliteException.ThrowExceptionForRC(result, handle);
        }
    }

    /// <summary>Stops the checkpoints; a dialect may be disposed more than once.</summary>
    public void Dispose()
    {
        if (!stopping.IsCancellationRequested)
        {
            stopping.Cancel();
            stopping.Dispose();
        }
    }
}
