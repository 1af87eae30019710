using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Sqlite.Connections;

/// <summary>
/// A SQLite connection lent by <see cref="SqliteConnectionPool"/>: closing it ends the lease and sends it back open,
/// with the statements its commands prepared. To whoever held it, it looks closed: <see cref="StateChange"/> reports
/// the close (the write gate and other listeners let go), and the lease's listeners are dropped.
/// </summary>
internal sealed class PooledSqliteConnection(string connectionString, SqliteConnectionPool pool) : SqliteConnection(connectionString), IReusableCommands
{
    /// <summary>
    /// Distinct SQL texts kept prepared. Past it, the least recently used is finalized to make room: filters are the
    /// tenants' own, and a full cache that refused newcomers would leave a connection preparing its hot statements anew.
    /// </summary>
    internal const int MaxReusedCommands = 128;

    private readonly Dictionary<string, ReusableSqliteCommand> commands = new(StringComparer.Ordinal);
    private StateChangeEventHandler? leaseListeners;
    private bool leased;
    private int rented;
    private long uses;

    public override event StateChangeEventHandler? StateChange
    {
        add => leaseListeners += value;
        remove => leaseListeners -= value;
    }

    public DbCommand? Rent(string sql)
    {
        if (!leased || sql.Length == 0)
        {
            return null;
        }
        if (!commands.TryGetValue(sql, out var command))
        {
            if (commands.Count >= MaxReusedCommands && !EvictLeastRecentlyUsed())
            {
                return null;
            }
            command = new ReusableSqliteCommand(sql, this);
            commands.Add(sql, command);
        }
        if (!command.TryRent())
        {
            return null;
        }
        rented++;
        command.LastUsed = ++uses;
        return command;
    }

    /// <summary>Finalizes the kept command used longest ago (none in use); false when every one is in use.</summary>
    private bool EvictLeastRecentlyUsed()
    {
        var oldest = commands.Values.Where(c => !c.Rented).MinBy(c => c.LastUsed);
        if (oldest is null)
        {
            return false;
        }
        commands.Remove(oldest.CommandText);
        oldest.Retire();
        return true;
    }

    /// <summary>A rented command was disposed by its user.</summary>
    internal void HandedBack() => rented--;

    internal void Lease() => leased = true;

    /// <summary>Whether this is the pool's writer connection (<see cref="SqliteConnectionPool.RentWriterAsync"/>).</summary>
    internal bool IsWriter { get; init; }

    /// <summary>Ends the lease: the pool takes the connection back, or closes it when it keeps enough.</summary>
    public override void Close()
    {
        if (!leased)
        {
            // Closed twice (a Close, then a Dispose): the lease has ended already, and the pool may have lent the
            // connection to someone else since. The pool itself closes connections for good.
            return;
        }
        leased = false;
        // An open transaction is rolled back, as a close would; a command its caller kept is not reused.
        Transaction?.Dispose();
        if (rented > 0)
        {
            foreach (var (sql, command) in commands.Where(c => c.Value.Rented).ToList())
            {
                commands.Remove(sql);
                command.Retire();
            }
            rented = 0;
        }
        var listeners = leaseListeners;
        leaseListeners = null;
        if (IsWriter)
        {
            // Back before the write gate opens (a listener), so the next writer finds it rather than opening another.
            pool.Return(this);
            listeners?.Invoke(this, new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
            return;
        }
        listeners?.Invoke(this, new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
        pool.Return(this);
    }

    /// <summary>Finalizes the kept statements and closes the connection.</summary>
    internal void CloseForGood()
    {
        leased = false;
        foreach (var command in commands.Values)
        {
            command.Retire();
        }
        commands.Clear();
        base.Close();
    }

    protected override void OnStateChange(StateChangeEventArgs stateChange) => leaseListeners?.Invoke(this, stateChange);
}
