using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Provisio.Scim.Filtering;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Storage.Events;
using Provisio.Storage.Paging;
using Provisio.Storage.Tests.Support;
using SQLitePCL;

namespace Provisio.Storage.Tests.Sql;

/// <summary>
/// A kept SQLite statement is planned once: run again with other values (a lookup of another user, a PATCH of another
/// one) it compiles nothing. SQLite consults an authorizer only while it compiles a statement, so one counts them.
/// </summary>
public sealed class SqliteStatementReuseTests(SqliteStore store) : IClassFixture<SqliteStore>
{
    private const string Tenant = "reuse";
    private const int SqliteTransactionAction = 22;
    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    private int compilations;

    [Fact]
    public async Task Lookups_and_patches_run_again_with_other_values_compile_no_statement()
    {
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await CreateAsync($"user{i}@example.com"));
        }
        await CountCompilationsOnEveryConnectionAsync();
        // Setting an authorizer expires every statement of the connection: the first rounds compile them again.
        for (var i = 0; i < 2; i++)
        {
            await LookUpAndPatchAsync(ids, i);
        }
        Assert.True(compilations > 0, "the authorizer saw no compilation at all");

        compilations = 0;
        for (var i = 2; i < 10; i++)
        {
            await LookUpAndPatchAsync(ids, i);
        }
        Assert.Equal(0, compilations);
    }

    private async Task LookUpAndPatchAsync(List<string> ids, int i)
    {
        var filter = FilterParser.Parse($"userName eq \"user{i}@example.com\"");
        var page = await store.Resources.ListAsync(Tenant, new ListQuery([Registry.User], filter, null, new IndexPage(1, 100), ReadOptions.Full), CancellationToken.None);
        Assert.Equal(ids[i], Assert.Single(page.Resources).Id);
        await store.Resources.UpdateAsync(Tenant, "User", ids[i], current =>
        {
            var attributes = (JsonObject)current.Attributes.DeepClone();
            attributes["active"] = false;
            return new ResourceChange("User", attributes);
        }, ReadOptions.Full, ifMatch: null, WriteContext.Background("test"), CancellationToken.None);
    }

    private async Task<string> CreateAsync(string userName)
    {
        var body = new JsonObject { ["schemas"] = new JsonArray(ScimSchemas.User), ["userName"] = userName };
        var change = new ResourceChange("User", ResourceValidator.ReadRepresentation(body, Registry.User));
        return (await store.Resources.CreateAsync(Tenant, change, ReadOptions.Full, WriteContext.Background("test"), CancellationToken.None)).Resource.Id;
    }

    private int CountCompilation(object userData, int action, string parameter0, string parameter1, string database, string trigger)
    {
        // Microsoft.Data.Sqlite's transactions run BEGIN and COMMIT as text each time: tiny, and not ours to keep.
        if (action != SqliteTransactionAction)
        {
            Interlocked.Increment(ref compilations);
        }
        return raw.SQLITE_OK;
    }

    /// <summary>Rents every connection the pool keeps (and a few new ones) and has each count what it compiles.</summary>
    private async Task CountCompilationsOnEveryConnectionAsync()
    {
        var connections = new List<SqliteConnection>();
        for (var i = 0; i < 20; i++)
        {
            connections.Add((SqliteConnection)await store.Dialect.OpenConnectionAsync(CancellationToken.None));
        }
        foreach (var connection in connections)
        {
            raw.sqlite3_set_authorizer(connection.Handle, CountCompilation, null);
            await connection.DisposeAsync();
        }
    }
}
