using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Provisio.Storage;
using Provisio.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Selects SQLite as Provisio's storage.</summary>
public static class ProvisioBuilderSqliteExtensions
{
    /// <summary>
    /// Stores everything in one SQLite file; options are read when the store is first used. Raises the thread pool's
    /// minimum (<see cref="SqliteThreadPool"/>), since SQLite calls block their thread.
    /// </summary>
    public static ProvisioBuilder UseSqlite(this ProvisioBuilder builder, Action<SqliteStorageOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<SqliteStorageOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        builder.Services.AddHostedService<SqliteOptimizer>();
        SqliteThreadPool.EnsureMinimum();
        return builder.UseSqlDialect(services =>
            new SqliteDialect(services.GetRequiredService<IOptions<SqliteStorageOptions>>().Value.ResolveConnectionString(), services.GetService<ILoggerFactory>()));
    }
}
