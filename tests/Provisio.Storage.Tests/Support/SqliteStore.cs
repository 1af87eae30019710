using Microsoft.Data.Sqlite;
using Provisio.Storage.Migrations;
using Provisio.Storage.Sql;
using Provisio.Storage.Sqlite;
using Provisio.Storage.Tenancy;

namespace Provisio.Storage.Tests.Support;

/// <summary>A store under test: real storage, migrated.</summary>
public interface IStoreFixture
{
    SqlResourceStore Resources { get; }

    ISqlDialect Dialect { get; }
}

/// <summary>A real SQLite database in a temp folder, migrated, with the stores over it.</summary>
public sealed class SqliteStore : IStoreFixture, IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("provisio-storage-").FullName;

    public SqlResourceStore Resources { get; private set; } = null!;

    public SqlTenantStore Tenants { get; private set; } = null!;

    public ISqlDialect Dialect { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var dialect = new SqliteDialect($"Data Source={Path.Combine(folder, "provisio.db")}");
        Dialect = dialect;
        await new Migrator(dialect, TimeProvider.System).MigrateAsync(CancellationToken.None);
        Resources = new SqlResourceStore(dialect, TimeProvider.System, new Provisio.Storage.Tenancy.SqlTenantSettingsStore(dialect, TimeProvider.System), new Provisio.Storage.Events.EventSignal());
        Tenants = new SqlTenantStore(dialect);
    }

    public Task DisposeAsync()
    {
        (Dialect as IDisposable)?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
