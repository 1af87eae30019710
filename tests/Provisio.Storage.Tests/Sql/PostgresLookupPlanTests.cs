using System.Data.Common;
using System.Text.Json.Nodes;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Storage.Events;
using Provisio.Storage.Tests.Support;
using Provisio.Tests.Support;

namespace Provisio.Storage.Tests.Sql;

/// <summary>
/// A `userName eq` lookup must use the userName index even while PostgreSQL has no statistics for the table: the
/// state of every fresh install during its first import, and of every plan cached then (autovacuum's ANALYZE does not
/// replace a plan when the row count it finds is the one its VACUUM just wrote). Read from PostgreSQL's index counters.
/// </summary>
public sealed class PostgresLookupPlanTests(PostgresStore store) : IClassFixture<PostgresStore>
{
    private const string Tenant = "plans";
    private const int Users = 1_000;
    private const int Lookups = 12;
    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    [PostgresFact]
    public async Task UserName_lookups_use_the_userName_index_before_the_table_has_statistics()
    {
        await ExecuteAsync("ALTER TABLE resources SET (autovacuum_enabled = false)");
        for (var i = 0; i < Users; i++)
        {
            var body = new JsonObject { ["schemas"] = new JsonArray(ScimSchemas.User), ["userName"] = $"plan{i}@example.com" };
            await store.Resources.CreateAsync(Tenant, new ResourceChange("User", ResourceValidator.ReadRepresentation(body, Registry.User)),
                ReadOptions.DocumentOnly, WriteContext.Background("test"), CancellationToken.None);
        }
        // The row count known, no column statistics: what autovacuum leaves between its VACUUM and its ANALYZE.
        await ExecuteAsync("VACUUM resources");
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM pg_stats WHERE tablename = 'resources'"));
        var before = await ScansAsync();

        for (var i = 0; i < Lookups; i++)
        {
            var userName = $"plan{i * 83}@example.com";
            var page = await store.Resources.ListAsync(Tenant, new ListQuery([Registry.User], FilterParser.Parse($"userName eq \"{userName.ToUpperInvariant()}\""),
                null, new IndexPage(1, 100), ReadOptions.DocumentOnly), CancellationToken.None);
            Assert.Equal(userName, Assert.Single(page.Resources).Attributes["userName"]!.GetValue<string>());
        }

        store.ClosePooledConnections();
        var after = await ScansAsync();
        for (var attempt = 0; after.Total - before.Total < Lookups && attempt < 100; attempt++)
        {
            await Task.Delay(100);
            after = await ScansAsync();
        }
        // (by the userName index, any other way: another index or the whole table)
        Assert.Equal(((long)Lookups, 0L), (after.ByUserName - before.ByUserName, after.OtherWays - before.OtherWays));
    }

    /// <summary>The server processes report these counters as they end, hence the pool closed and the wait above.</summary>
    private async Task<(long ByUserName, long OtherWays, long Total)> ScansAsync()
    {
        var byUserName = await CountAsync("SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'ux_resources_user_name'");
        var otherWays = await CountAsync("""
            SELECT coalesce(sum(idx_scan), 0) + (SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'resources')
              FROM pg_stat_user_indexes WHERE relname = 'resources' AND indexrelname <> 'ux_resources_user_name'
            """);
        return (byUserName, otherWays, byUserName + otherWays);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await store.Dialect.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using DbConnection connection = await store.Dialect.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
