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
/// one) it compiles nothing. SQLite consults an authorizer only while it compiles a statement, so one on each pooled
/// connection records in which rounds that connection compiled something for a lookup or for a PATCH. Which connection
/// the pool lends is not fixed (the checkpointer borrows one now and then), so a connection may first serve a lookup
/// late; but each connection compiles each kind of statement in one round only. Creates of users with two e-mails too:
/// a write's statements are all bound before they run, and a statement held twice would be compiled anew each time.
/// </summary>
public sealed class SqliteStatementReuseTests(SqliteStore store) : IClassFixture<SqliteStore>
{
    private const string Tenant = "reuse";
    private const int SqliteTransactionAction = 22;
    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    private readonly Dictionary<(int Connection, string Work), SortedSet<int>> roundsCompiled = [];
    private string work = "";
    private int round;

    [Fact]
    public async Task Lookups_patches_and_creates_run_again_with_other_values_compile_no_statement()
    {
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await CreateAsync($"user{i}@example.com"));
        }
        // Setting an authorizer expires every statement of the connection: the first round compiles them again.
        await RecordCompilationsOnEveryConnectionAsync();

        for (round = 0; round < 10; round++)
        {
            await LookUpAndPatchAsync(ids, round);
        }

        Assert.Contains(roundsCompiled.Keys, key => key.Work == "lookup");
        Assert.Contains(roundsCompiled.Keys, key => key.Work == "patch");
        Assert.Contains(roundsCompiled.Keys, key => key.Work == "create");
        Assert.All(roundsCompiled, compiled => Assert.True(compiled.Value.Count == 1,
            $"connection {compiled.Key.Connection} compiled for a {compiled.Key.Work} in rounds {string.Join(", ", compiled.Value)}"));
    }

    private async Task LookUpAndPatchAsync(List<string> ids, int i)
    {
        work = "lookup";
        var filter = FilterParser.Parse($"userName eq \"user{i}@example.com\"");
        var page = await store.Resources.ListAsync(Tenant, new ListQuery([Registry.User], filter, null, new IndexPage(1, 100), ReadOptions.Full), CancellationToken.None);
        Assert.Equal(ids[i], Assert.Single(page.Resources).Id);
        work = "patch";
        await store.Resources.UpdateAsync(Tenant, "User", ids[i], current =>
        {
            var attributes = (JsonObject)current.Attributes.DeepClone();
            attributes["active"] = false;
            return new ResourceChange("User", attributes);
        }, ReadOptions.Full, ifMatch: null, WriteContext.Background("test"), CancellationToken.None);
        work = "create";
        await CreateAsync($"joiner{i}@example.com", $"joiner{i}@work.example.com", $"joiner{i}@home.example.com");
    }

    private async Task<string> CreateAsync(string userName, params string[] emails)
    {
        var body = new JsonObject { ["schemas"] = new JsonArray(ScimSchemas.User), ["userName"] = userName };
        if (emails.Length > 0)
        {
            body["emails"] = new JsonArray([.. emails.Select(e => (JsonNode)new JsonObject { ["value"] = e })]);
        }
        var change = new ResourceChange("User", ResourceValidator.ReadRepresentation(body, Registry.User));
        return (await store.Resources.CreateAsync(Tenant, change, ReadOptions.Full, WriteContext.Background("test"), CancellationToken.None)).Resource.Id;
    }

    private int RecordCompilation(object userData, int action, string parameter0, string parameter1, string database, string trigger)
    {
        // Microsoft.Data.Sqlite's transactions run BEGIN and COMMIT as text each time: tiny, and not ours to keep.
        if (action != SqliteTransactionAction)
        {
            lock (roundsCompiled)
            {
                var key = ((int)userData, work);
                if (!roundsCompiled.TryGetValue(key, out var rounds))
                {
                    roundsCompiled[key] = rounds = [];
                }
                rounds.Add(round);
            }
        }
        return raw.SQLITE_OK;
    }

    /// <summary>Rents every connection the pool keeps (and a few new ones) and the writers' one, and has each record what it compiles.</summary>
    private async Task RecordCompilationsOnEveryConnectionAsync()
    {
        var connections = new List<SqliteConnection>();
        for (var i = 0; i < 20; i++)
        {
            connections.Add((SqliteConnection)await store.Dialect.OpenConnectionAsync(CancellationToken.None));
        }
        // The writers' own connection, which every PATCH writes on, last.
        connections.Add((SqliteConnection)await store.Dialect.OpenWriteConnectionAsync(CancellationToken.None));
        for (var i = 0; i < connections.Count; i++)
        {
            raw.sqlite3_set_authorizer(connections[i].Handle, RecordCompilation, i);
            await connections[i].DisposeAsync();
        }
    }
}
