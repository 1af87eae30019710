using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Provisio.Storage.Sqlite.Connections;

/// <summary>SQLite's process-wide settings, applied once, before the first connection opens.</summary>
internal static class SqliteLibrary
{
    private static readonly Lazy<bool> Configured = new(TurnOffMemoryStatistics);

    /// <summary>
    /// Turns SQLite's memory statistics off, once; returns whether they are off. They guard every allocation SQLite
    /// makes with one process-wide mutex: under concurrent requests a fifth of the server's CPU went to waiting on it
    /// and waking its waiters. SQLite recommends building without them; nothing here reads them. False when another
    /// part of the process opened SQLite first (settings apply only before SQLite initializes): it then works as
    /// before, only slower.
    /// </summary>
    public static bool EnsureConfigured() => Configured.Value;

    private static bool TurnOffMemoryStatistics()
    {
        // Microsoft.Data.Sqlite's static constructor loads the bundled native library.
        RuntimeHelpers.RunClassConstructor(typeof(SqliteConnection).TypeHandle);
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
    }
}
