using Provisio.Storage;
using Provisio.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Selects SQLite as Provisio's storage.</summary>
public static class ProvisioBuilderSqliteExtensions
{
    public static ProvisioBuilder UseSqlite(this ProvisioBuilder builder, Action<SqliteStorageOptions>? configure = null)
    {
        var options = new SqliteStorageOptions();
        configure?.Invoke(options);
        return builder.UseSqlDialect(_ => new SqliteDialect(options.ResolveConnectionString()));
    }
}
