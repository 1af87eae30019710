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
    private volatile bool disposed;

    /// <summary>An open connection, lent until it is closed.</summary>
    public async ValueTask<PooledSqliteConnection> RentAsync(Func<SqliteConnection, CancellationToken, ValueTask> configure, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!idle.TryPop(out var connection))
        {
            connection = new PooledSqliteConnection(connectionString, this);
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
        }
        connection.Lease();
        return connection;
    }

    public void Return(PooledSqliteConnection connection)
    {
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
        while (idle.TryPop(out var connection))
        {
            connection.CloseForGood();
        }
    }
}
