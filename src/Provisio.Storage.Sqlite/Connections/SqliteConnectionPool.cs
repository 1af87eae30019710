using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Provisio.Storage.Sqlite.Connections;

/// <summary>
/// Open SQLite connections kept for reuse, each with its statements prepared. Microsoft.Data.Sqlite pools the handles
/// but finalizes every statement on close, so each request parsed and planned its SQL anew: more CPU than running it.
/// </summary>
internal sealed class SqliteConnectionPool(string connectionString) : IDisposable
{
    /// <summary>Idle connections kept; more are closed when handed back (requests and jobs rarely hold more at once).</summary>
    internal const int MaxIdle = 16;

    private readonly ConcurrentStack<PooledSqliteConnection> idle = new();
    private PooledSqliteConnection? writer;
    private volatile bool disposed;

    /// <summary>An open connection, lent until it is closed.</summary>
    public async ValueTask<PooledSqliteConnection> RentAsync(Func<SqliteConnection, CancellationToken, ValueTask> configure, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!idle.TryPop(out var connection))
        {
            connection = await OpenNewAsync(configure, isWriter: false, cancellationToken);
        }
        connection.Lease();
        return connection;
    }

    /// <summary>
    /// The connection kept for writers, lent to one at a time (the write gate sees to that). SQLite drops a connection's
    /// whole page cache when it finds that another connection has written since its last transaction: a writer that
    /// always writes on the same connection finds the pages it needs still cached.
    /// </summary>
    public async ValueTask<PooledSqliteConnection> RentWriterAsync(Func<SqliteConnection, CancellationToken, ValueTask> configure, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var connection = Interlocked.Exchange(ref writer, null) ?? await OpenNewAsync(configure, isWriter: true, cancellationToken);
        connection.Lease();
        return connection;
    }

    private async ValueTask<PooledSqliteConnection> OpenNewAsync(Func<SqliteConnection, CancellationToken, ValueTask> configure, bool isWriter, CancellationToken cancellationToken)
    {
        var connection = new PooledSqliteConnection(connectionString, this) { IsWriter = isWriter };
        try
        {
            await connection.OpenAsync(cancellationToken);
            await configure(connection, cancellationToken);
        }
        catch
        {
            connection.CloseForGood();
            throw;
        }
        return connection;
    }

    public void Return(PooledSqliteConnection connection)
    {
        if (connection.IsWriter)
        {
            if (Interlocked.CompareExchange(ref writer, connection, null) is not null)
            {
                // Another writer connection is kept already; this one may still hold the write gate, so no reader gets it.
                connection.CloseForGood();
            }
            else if (disposed)
            {
                CloseIdle();
            }
            return;
        }
        if (disposed || idle.Count >= MaxIdle)
        {
            connection.CloseForGood();
            return;
        }
        idle.Push(connection);
        if (disposed)
        {
            // Disposed meanwhile: what was pushed after the pool emptied itself is closed here.
            CloseIdle();
        }
    }

    public void Dispose()
    {
        disposed = true;
        CloseIdle();
    }

    private void CloseIdle()
    {
        Interlocked.Exchange(ref writer, null)?.CloseForGood();
        while (idle.TryPop(out var connection))
        {
            connection.CloseForGood();
        }
    }
}
