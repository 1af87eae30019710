namespace Provisio.Storage.Sqlite;

/// <summary>
/// Microsoft.Data.Sqlite's async methods run synchronously, so every SQLite statement holds a pool thread while it
/// runs. With the runtime's default minimum (one thread per core) a few long scans leave no thread for other tenants'
/// requests until the pool injects more, about one every half second: seconds of stall on a 2-core machine. Raising the
/// minimum lets the pool start threads at once, up to it, instead.
/// </summary>
internal static class SqliteThreadPool
{
    /// <summary>Pool threads started without delay: above the scans and writers that can block at once.</summary>
    public const int MinimumWorkerThreads = 64;

    public static void EnsureMinimum()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < MinimumWorkerThreads)
        {
            ThreadPool.SetMinThreads(MinimumWorkerThreads, completionPorts);
        }
    }
}
