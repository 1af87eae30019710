using System.Text.Json.Nodes;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Storage.Events;
using Provisio.Storage.Tests.Support;

namespace Provisio.Storage.Tests.Sql;

/// <summary>
/// A read by id that asks for membership gets it whole, within the read's limit, or is told it was omitted (for its
/// caller to stream it): never a part of it. SQLite always leaves it to the stream; PostgreSQL carries what fits.
/// </summary>
public sealed class SqliteReadByIdMembershipTests(SqliteStore store) : IClassFixture<SqliteStore>
{
    [Fact]
    public Task Membership_comes_whole_within_the_limit_or_is_omitted() => new ReadByIdMembership(store, carries: false).CheckAsync();
}

public sealed class PostgresReadByIdMembershipTests(PostgresStore store) : IClassFixture<PostgresStore>
{
    [Provisio.Tests.Support.PostgresFact]
    public Task Membership_comes_whole_within_the_limit_or_is_omitted() => new ReadByIdMembership(store, carries: true).CheckAsync();
}

internal sealed class ReadByIdMembership(IStoreFixture store, bool carries)
{
    private const string Tenant = "read-by-id";
    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    public async Task CheckAsync()
    {
        var users = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            users.Add(await CreateAsync(Registry.User, new JsonObject { ["userName"] = $"user{i}@example.com" }));
        }
        var group = await CreateAsync(Registry.Group, new JsonObject
        {
            ["displayName"] = "Three",
            ["members"] = new JsonArray([.. users.Select(id => (JsonNode)new JsonObject { ["value"] = id })]),
        });

        foreach (var (type, id, attribute, count) in new[] { ("Group", group, "members", 3), ("User", users[0], "groups", 1) })
        {
            var documentOnly = await ReadAsync(type, id, ReadOptions.DocumentOnly);
            var whole = await ReadAsync(type, id, ReadOptions.Full);
            var atTheLimit = await ReadAsync(type, id, ReadOptions.Full with { MembershipLimit = count });
            var overTheLimit = await ReadAsync(type, id, ReadOptions.Full with { MembershipLimit = count - 1 });

            Assert.False(documentOnly.MembershipOmitted);
            Assert.Null(documentOnly.Resource.Attributes[attribute]);
            foreach (var read in new[] { whole, atTheLimit })
            {
                Assert.Equal(!carries, read.MembershipOmitted);
                Assert.Equal(carries ? count : 0, read.Resource.Attributes[attribute]?.AsArray().Count ?? 0);
            }
            Assert.True(overTheLimit.MembershipOmitted);
            Assert.Null(overTheLimit.Resource.Attributes[attribute]);
        }
        if (carries)
        {
            // In member id order, as the stream reads them.
            var members = (await ReadAsync("Group", group, ReadOptions.Full)).Resource.Attributes["members"]!.AsArray();
            Assert.Equal(users.Order(StringComparer.Ordinal), members.Select(m => (string)m!["value"]!));
        }
    }

    private async Task<FoundResource> ReadAsync(string type, string id, ReadOptions options) =>
        await store.Resources.GetAsync(Tenant, type, id, options, CancellationToken.None) ?? throw new InvalidOperationException($"{type} {id} not found");

    private async Task<string> CreateAsync(ResourceTypeDefinition type, JsonObject attributes)
    {
        attributes["schemas"] = new JsonArray(type.Schema.Id);
        var written = await store.Resources.CreateAsync(Tenant, new ResourceChange(type.Name, ResourceValidator.ReadRepresentation(attributes, type)),
            ReadOptions.DocumentOnly, WriteContext.Background("test"), CancellationToken.None);
        return written.Resource.Id;
    }
}
