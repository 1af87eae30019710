using Npgsql;
using Provisio.Storage.Migrations;
using Provisio.Storage.Postgres;
using Provisio.Storage.Sql;
using Provisio.Tests.Support;

namespace Provisio.Storage.Tests.Support;

/// <summary>A fresh database on the throwaway PostgreSQL server, migrated, with the stores over it.</summary>
public sealed class PostgresStore : IStoreFixture, IAsyncLifetime
{
    private NpgsqlDataSource? dataSource;

    public SqlResourceStore Resources { get; private set; } = null!;

    public ISqlDialect Dialect { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (PostgresCluster.UnavailableReason is not null)
        {
            return;
        }
        var cluster = await PostgresCluster.GetAsync();
        dataSource = NpgsqlDataSource.Create(await cluster.CreateDatabaseAsync("storage_" + Guid.NewGuid().ToString("N")[..12]));
        var dialect = new PostgresDialect(dataSource);
        Dialect = dialect;
        await new Migrator(dialect, TimeProvider.System).MigrateAsync(CancellationToken.None);
        Resources = new SqlResourceStore(dialect, TimeProvider.System, new Provisio.Storage.Tenancy.SqlTenantSettingsStore(dialect, TimeProvider.System), new Provisio.Storage.Events.EventSignal());
    }

    /// <summary>Closes the idle pooled connections: their server processes end, and report their statistics as they go.</summary>
    public void ClosePooledConnections() => dataSource?.Clear();

    public async Task DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }
}
