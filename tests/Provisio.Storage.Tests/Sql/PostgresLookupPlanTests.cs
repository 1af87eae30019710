using System.Data.Common;
using System.Text.Json.Nodes;
using Provisio.Scim.Filtering;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Storage.Events;
using Provisio.Storage.Paging;
using Provisio.Storage.Tests.Support;
using Provisio.Tests.Support;

namespace Provisio.Storage.Tests.Sql;

/// <summary>
/// Lookups by userName (with the groups of the users they find) and reads by id must use their own indexes even while
/// PostgreSQL has no statistics for the tables: the state of every fresh install during its first import, and of every
/// plan cached then (autovacuum's
/// ANALYZE does not replace a plan when the row count it finds is the one its VACUUM just wrote). Without statistics
/// a condition on (tenant, resource type) looks as narrow as a key, and the order index wins. Read from PostgreSQL's
/// index counters.
/// </summary>
public sealed class PostgresLookupPlanTests(PostgresStore store) : IClassFixture<PostgresStore>
{
    private const int Users = 1_000;
    private const int Reads = 12;
    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    [PostgresFact]
    public async Task UserName_lookups_use_the_userName_index_before_the_table_has_statistics()
    {
        var users = await SeedWithoutStatisticsAsync("by-name");
        await CountEveryScanSoFarAsync();
        var before = await ScansAsync("ux_resources_user_name");

        foreach (var user in users.Take(Reads))
        {
            var userName = user.Attributes["userName"]!.GetValue<string>();
            var page = await store.Resources.ListAsync("by-name", new ListQuery([Registry.User], FilterParser.Parse($"userName eq \"{userName.ToUpperInvariant()}\""),
                null, new IndexPage(1, 100), ReadOptions.DocumentOnly), CancellationToken.None);
            Assert.Equal(user.Id, Assert.Single(page.Resources).Id);
        }

        // (by the userName index, any other way: another index or the whole table)
        Assert.Equal(((long)Reads, 0L), await ScansSinceAsync("ux_resources_user_name", before));
    }

    [PostgresFact]
    public async Task Reads_by_id_use_the_primary_key_before_the_table_has_statistics()
    {
        var users = await SeedWithoutStatisticsAsync("by-id");
        await CountEveryScanSoFarAsync();
        var before = await ScansAsync("resources_pkey");

        foreach (var user in users.Take(Reads))
        {
            Assert.Equal(user.Id, (await store.Resources.GetAsync("by-id", "User", user.Id, ReadOptions.DocumentOnly, CancellationToken.None))?.Resource.Id);
        }

        Assert.Equal(((long)Reads, 0L), await ScansSinceAsync("resources_pkey", before));
        // The type is still checked: a user is no group.
        Assert.Null(await store.Resources.GetAsync("by-id", "Group", users[0].Id, ReadOptions.DocumentOnly, CancellationToken.None));
    }

    [PostgresFact]
    public async Task Lookups_and_reads_by_id_read_their_users_groups_by_the_member_index_before_the_table_has_statistics()
    {
        var users = await SeedWithoutStatisticsAsync("groups");
        await ExecuteAsync("ALTER TABLE group_members SET (autovacuum_enabled = false)");
        // Every user of the tenant in three groups: too many rows to read them all for each lookup.
        var everyone = await store.Resources.ListAsync("groups", new ListQuery([Registry.User], null, null, new IndexPage(1, Users), ReadOptions.DocumentOnly), CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            var body = new JsonObject
            {
                ["schemas"] = new JsonArray(ScimSchemas.Group),
                ["displayName"] = $"Group {i}",
                ["members"] = new JsonArray([.. everyone.Resources.Select(u => (JsonNode)new JsonObject { ["value"] = u.Id })]),
            };
            await store.Resources.CreateAsync("groups", new ResourceChange("Group", ResourceValidator.ReadRepresentation(body, Registry.Group)),
                ReadOptions.DocumentOnly, WriteContext.Background("test"), CancellationToken.None);
        }
        await ExecuteAsync("VACUUM group_members");
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM pg_stats WHERE tablename = 'group_members'"));
        await CountEveryScanSoFarAsync();
        var before = await ScansAsync("ix_group_members_member", "group_members");

        foreach (var user in users.Take(Reads))
        {
            var page = await store.Resources.ListAsync("groups", new ListQuery([Registry.User], FilterParser.Parse($"userName eq \"{user.Attributes["userName"]}\""),
                null, new IndexPage(1, 100), ReadOptions.Full), CancellationToken.None);
            Assert.Equal(3, Assert.Single(page.Resources).Attributes["groups"]!.AsArray().Count);
            // A read by id carries them the same way.
            var found = await store.Resources.GetAsync("groups", "User", user.Id, ReadOptions.Full, CancellationToken.None);
            Assert.False(found!.MembershipOmitted);
            Assert.Equal(3, found.Resource.Attributes["groups"]!.AsArray().Count);
        }

        // Each lookup and read finds its user's rows by the member index, and each group's own groups (none) too.
        var (byIndex, otherWays) = await ScansSinceAsync("ix_group_members_member", before, "group_members");
        Assert.True(byIndex >= 2 * Reads, $"{byIndex} scans by the member index");
        Assert.Equal(0L, otherWays);
    }

    /// <summary>Users created with autovacuum off, then VACUUMed: the row count known, no column statistics.</summary>
    private async Task<List<ScimResource>> SeedWithoutStatisticsAsync(string tenant)
    {
        await ExecuteAsync("ALTER TABLE resources SET (autovacuum_enabled = false)");
        var users = new List<ScimResource>();
        for (var i = 0; i < Users; i++)
        {
            var body = new JsonObject { ["schemas"] = new JsonArray(ScimSchemas.User), ["userName"] = $"{tenant}{i}@example.com" };
            var written = await store.Resources.CreateAsync(tenant, new ResourceChange("User", ResourceValidator.ReadRepresentation(body, Registry.User)),
                ReadOptions.DocumentOnly, WriteContext.Background("test"), CancellationToken.None);
            users.Add(written.Resource);
        }
        await ExecuteAsync("VACUUM resources");
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM pg_stats WHERE tablename = 'resources'"));
        return users.Where((_, i) => i % 83 == 0).ToList();
    }

    /// <summary>The scans of <paramref name="table"/> since <paramref name="before"/>: by the index named, and any other way.</summary>
    private async Task<(long ByIndex, long OtherWays)> ScansSinceAsync(string index, (long ByIndex, long OtherWays) before, string table = "resources")
    {
        await CountEveryScanSoFarAsync();
        var after = await ScansAsync(index, table);
        return (after.ByIndex - before.ByIndex, after.OtherWays - before.OtherWays);
    }

    /// <summary>
    /// A server process holds its scan counts back (up to 10 s when idle) and reports them at the latest as it ends,
    /// before it leaves <c>pg_stat_activity</c>: so the pool's connections are closed and their processes waited for.
    /// Without it, a scan of the seeding or of the test before could be counted among the reads measured.
    /// </summary>
    private async Task CountEveryScanSoFarAsync()
    {
        const string OthersAlive = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
        store.ClosePooledConnections();
        for (var attempt = 0; await CountAsync(OthersAlive) > 0; attempt++)
        {
            Assert.True(attempt < 200, "The pool's server processes did not end within 10 s.");
            await Task.Delay(50);
            store.ClosePooledConnections();
        }
    }

    private async Task<(long ByIndex, long OtherWays)> ScansAsync(string index, string table = "resources")
    {
        var byIndex = await CountAsync($"SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = '{index}'");
        var otherWays = await CountAsync($"""
            SELECT coalesce(sum(idx_scan), 0) + (SELECT seq_scan FROM pg_stat_user_tables WHERE relname = '{table}')
              FROM pg_stat_user_indexes WHERE relname = '{table}' AND indexrelname <> '{index}'
            """);
        return (byIndex, otherWays);
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
