using System.Data;
using System.Data.Common;
using System.Diagnostics;

namespace Provisio.Storage.Sqlite;

/// <summary>
/// Queues this process's SQLite writers before <c>BEGIN IMMEDIATE</c>. SQLite allows one writer; without the queue the
/// others get SQLITE_BUSY, and Microsoft.Data.Sqlite retries that by sleeping 150 ms, which under concurrent writes
/// costs far more than waiting in turn. The gate is held by a connection until it closes, so several transactions in a
/// row on one connection (migrations) pass through. <paramref name="released"/> runs each time a writer leaves.
/// </summary>
internal sealed class SqliteWriteGate(Action released) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private DbConnection? holder;

    /// <summary>When the holder got its turn (<see cref="Stopwatch"/> ticks); written and read by the holder only.</summary>
    private long turnStarted;

    public async ValueTask EnterAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(Volatile.Read(ref holder), connection))
        {
            return;
        }
        var asked = Stopwatch.GetTimestamp();
        await gate.WaitAsync(cancellationToken);
        Hold(connection, asked);
    }

    /// <summary>Waits for the turn to write, then lends the connection <paramref name="rent"/> gives, holding the gate until it closes.</summary>
    public async ValueTask<DbConnection> EnterWithAsync(Func<CancellationToken, ValueTask<DbConnection>> rent, CancellationToken cancellationToken)
    {
        var asked = Stopwatch.GetTimestamp();
        await gate.WaitAsync(cancellationToken);
        try
        {
            var connection = await rent(cancellationToken);
            Hold(connection, asked);
            return connection;
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private void Hold(DbConnection connection, long asked)
    {
        turnStarted = Stopwatch.GetTimestamp();
        SqliteWriteMetrics.Waited(asked, turnStarted);
        Volatile.Write(ref holder, connection);
        connection.StateChange += ReleaseOnClose;
    }

    public void Dispose() => gate.Dispose();

    private void ReleaseOnClose(object? sender, StateChangeEventArgs change)
    {
        if (change.CurrentState != ConnectionState.Closed)
        {
            return;
        }
        ((DbConnection)sender!).StateChange -= ReleaseOnClose;
        SqliteWriteMetrics.Held(turnStarted, Stopwatch.GetTimestamp());
        Volatile.Write(ref holder, null);
        gate.Release();
        released();
    }
}
