using System.Text.Json.Nodes;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Storage.Paging;
using Provisio.Storage.Tests.Support;

namespace Provisio.Storage.Tests.Sql;

/// <summary>Deep index pages start from remembered positions; they must still be exactly the rows an offset gives.</summary>
public sealed class SqliteIndexPagingTests(SqliteStore store) : IClassFixture<SqliteStore>
{
    [Fact]
    public Task Deep_pages_match_the_full_order_and_follow_creates_and_deletes() => new IndexPaging(store).CheckAsync();
}

public sealed class PostgresIndexPagingTests(PostgresStore store) : IClassFixture<PostgresStore>
{
    [Provisio.Tests.Support.PostgresFact]
    public Task Deep_pages_match_the_full_order_and_follow_creates_and_deletes() => new IndexPaging(store).CheckAsync();
}

internal sealed class IndexPaging(IStoreFixture store)
{
    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    public async Task CheckAsync()
    {
        const string tenant = "deep";
        for (var i = 0; i < 2_600; i++)
        {
            await CreateAsync(tenant, i);
        }
        await AssertPagesMatchFullOrderAsync(tenant, 2_600);

        // Deleting and creating moves every later position: the remembered ones must not be reused.
        var everyone = await ListAsync(tenant, new IndexPage(1, 10_000));
        foreach (var resource in everyone.Resources.Where((_, i) => i % 97 == 0))
        {
            Assert.True(await store.Resources.DeleteAsync(tenant, "User", resource.Id, ifMatch: null, Provisio.Storage.Events.WriteContext.Background("test"), CancellationToken.None));
        }
        await CreateAsync(tenant, 9_999);
        var expected = 2_600 - everyone.Resources.Count(r => everyone.Resources.ToList().IndexOf(r) % 97 == 0) + 1;
        await AssertPagesMatchFullOrderAsync(tenant, expected);
    }

    private async Task AssertPagesMatchFullOrderAsync(string tenant, int expected)
    {
        var all = (await ListAsync(tenant, new IndexPage(1, 10_000))).Resources.Select(r => r.Id).ToList();
        Assert.Equal(expected, all.Count);
        foreach (var start in new[] { 1, 999, 1_000, 1_001, 1_002, 1_999, 2_000, 2_001, 2_450, expected - 1, expected })
        {
            var page = await ListAsync(tenant, new IndexPage(start, 7));
            Assert.Equal(expected, page.TotalResults);
            Assert.Equal(all.Skip(start - 1).Take(7), page.Resources.Select(r => r.Id));
        }
    }

    private Task<ResourcePage> ListAsync(string tenant, PageSpec page) =>
        store.Resources.ListAsync(tenant, new ListQuery([Registry.User], null, null, page, ReadOptions.DocumentOnly), CancellationToken.None);

    private Task CreateAsync(string tenant, int i)
    {
        var body = new JsonObject { ["schemas"] = new JsonArray(ScimSchemas.User), ["userName"] = $"deep{i}@example.com" };
        return store.Resources.CreateAsync(tenant, new ResourceChange("User", ResourceValidator.ReadRepresentation(body, Registry.User)), ReadOptions.DocumentOnly, Provisio.Storage.Events.WriteContext.Background("test"), CancellationToken.None);
    }
}
