using System.Text.Json.Nodes;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Storage.Postgres;
using Provisio.Storage.Tests.Support;

namespace Provisio.Storage.Tests.Migrations;

/// <summary>Passwords that the code before issue #10 kept in clear under a URN-qualified name leave the database.</summary>
public sealed class SqliteScrubQualifiedPasswordsTests(SqliteStore store) : IClassFixture<SqliteStore>
{
    [Fact]
    public Task Qualified_passwords_stored_before_the_fix_are_removed_and_the_rest_kept() => new ScrubQualifiedPasswords(store).CheckAsync();
}

public sealed class PostgresScrubQualifiedPasswordsTests(PostgresStore store) : IClassFixture<PostgresStore>
{
    [Provisio.Tests.Support.PostgresFact]
    public Task Qualified_passwords_stored_before_the_fix_are_removed_and_the_rest_kept() => new ScrubQualifiedPasswords(store).CheckAsync();
}

internal sealed class ScrubQualifiedPasswords(IStoreFixture store)
{
    private const string CoreUser = "urn:ietf:params:scim:schemas:core:2.0:User";

    public async Task CheckAsync()
    {
        var registry = SchemaRegistry.CreateDefault();
        var body = new JsonObject { ["schemas"] = new JsonArray(ScimSchemas.User), ["userName"] = "leaked@example.com", ["title"] = "Kept" };
        var user = (await store.Resources.CreateAsync("scrub", new ResourceChange("User", ResourceValidator.ReadRepresentation(body, registry.User)), ReadOptions.DocumentOnly, Provisio.Storage.Events.WriteContext.Background("test"), CancellationToken.None)).Resource;
        // What the old code stored: the qualified key at the top, and an object keyed by the core URN.
        var leaked = new JsonObject
        {
            [CoreUser + ":password"] = "S3cret-top!",
            [CoreUser] = new JsonObject { ["password"] = "S3cret-nested!", ["nickName"] = "kept" },
        };
        await ExecuteAsync(store.Dialect is PostgresDialect
            ? "UPDATE resources SET document = document || CAST(@extra AS jsonb) WHERE tenant_id = 'scrub' AND id = @id"
            : "UPDATE resources SET document = json_patch(document, @extra) WHERE tenant_id = 'scrub' AND id = @id",
            user.Id, leaked.ToJsonString());
        Assert.Contains("S3cret", await DocumentAsync(user.Id), StringComparison.Ordinal);

        var scrub = store.Dialect.Migrations.Single(m => m.Name.EndsWith("scrub_qualified_passwords", StringComparison.Ordinal));
        await ExecuteAsync(scrub.Sql, null, null);

        var document = await DocumentAsync(user.Id);
        Assert.DoesNotContain("S3cret", document, StringComparison.Ordinal);
        Assert.Contains("leaked@example.com", document, StringComparison.Ordinal);
        Assert.Contains("Kept", document, StringComparison.Ordinal);
        Assert.Contains("kept", document, StringComparison.Ordinal);
    }

    private async Task ExecuteAsync(string sql, string? id, string? extra)
    {
        await using var connection = await store.Dialect.OpenConnectionAsync(CancellationToken.None);
        await using var command = TestCommands.Command(connection, sql, ("@id", id), ("@extra", extra));
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> DocumentAsync(string id)
    {
        await using var connection = await store.Dialect.OpenConnectionAsync(CancellationToken.None);
        await using var command = TestCommands.Command(connection, "SELECT CAST(document AS TEXT) FROM resources WHERE tenant_id = 'scrub' AND id = @id", ("@id", id));
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
