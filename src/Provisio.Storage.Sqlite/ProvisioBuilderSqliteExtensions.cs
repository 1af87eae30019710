using Microsoft.Extensions.Options;
using Provisio.Storage;
using Provisio.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Selects SQLite as Provisio's storage.</summary>
public static class ProvisioBuilderSqliteExtensions
{
    /// <summary>Stores everything in one SQLite file; options are read when the store is first used.</summary>
    public static ProvisioBuilder UseSqlite(this ProvisioBuilder builder, Action<SqliteStorageOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<SqliteStorageOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        builder.Services.AddHostedService<SqliteOptimizer>();
        return builder.UseSqlDialect(services =>
            new SqliteDialect(services.GetRequiredService<IOptions<SqliteStorageOptions>>().Value.ResolveConnectionString()));
    }
}
