using System.Collections.Concurrent;

namespace Provisio.Storage.Sqlite;

/// <summary>
/// Named locks for background work on one SQLite file. One process serves a SQLite file (DESIGN: several instances
/// need PostgreSQL), so a lock held in this process is held for the whole database. The names are shared by every
/// dialect of the process on the same file, so two hosts in one process (tests) still take turns.
/// </summary>
internal static class SqliteProcessLocks
{
    private static readonly ConcurrentDictionary<string, Lease> Held = new(StringComparer.Ordinal);

    /// <summary>A lease on <paramref name="key"/> for the database file <paramref name="database"/>, or null when it is held.</summary>
    public static IAsyncDisposable? TryTake(string database, string key)
    {
        var lease = new Lease(database + "\n" + key);
        return Held.TryAdd(lease.Name, lease) ? lease : null;
    }

    private sealed class Lease(string name) : IAsyncDisposable
    {
        public string Name { get; } = name;

        public ValueTask DisposeAsync()
        {
            Held.TryRemove(new KeyValuePair<string, Lease>(Name, this));
            return ValueTask.CompletedTask;
        }
    }
}
