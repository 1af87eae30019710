using System.Data.Common;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Tenancy;

/// <summary><see cref="ITenantStore"/> over any <see cref="ISqlDialect"/>.</summary>
public sealed class SqlTenantStore(ISqlDialect dialect) : ITenantStore
{
    private const string TokenColumns = "id, tenant_id, name, secret_hash, created, expires, revoked, last_used";

    public async Task<Tenant?> FindTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT id, display_name, created FROM tenants WHERE id = @id", ReadTenant, cancellationToken, ("@id", tenantId)))
            .FirstOrDefault();

    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken) =>
        await QueryAsync("SELECT id, display_name, created FROM tenants ORDER BY id", ReadTenant, cancellationToken);

    public async Task<bool> CreateTenantAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        // Whoever creates the tenant (CLI, first run, an embedding app), an id that cannot be a URL segment never goes live.
        if (!TenantIds.IsValid(tenant.Id))
        {
            throw new ArgumentException($"'{tenant.Id}' is not a valid tenant id: {TenantIds.Rule}.", nameof(tenant));
        }
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var insert = connection.CreateCommand(null,
            "INSERT INTO tenants (id, display_name, created) VALUES (@id, @name, @created) ON CONFLICT (id) DO NOTHING");
        var rows = await insert.With("@id", tenant.Id).With("@name", tenant.DisplayName).With("@created", dialect.ToDbTime(tenant.Created))
            .ExecuteNonQueryAsync(cancellationToken);
        return rows == 1;
    }

    public async Task AddTokenAsync(ScimTokenRecord token, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var insert = connection.CreateCommand(null, $"""
            INSERT INTO scim_tokens ({TokenColumns}) VALUES (@id, @tenant, @name, @hash, @created, @expires, NULL, NULL)
            """);
        await insert.With("@id", token.Id).With("@tenant", token.TenantId).With("@name", token.Name).With("@hash", token.SecretHash)
            .With("@created", dialect.ToDbTime(token.Created)).With("@expires", token.Expires is { } e ? dialect.ToDbTime(e) : null)
            .ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ScimTokenRecord?> FindTokenAsync(string tokenId, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {TokenColumns} FROM scim_tokens WHERE id = @id", ReadToken, cancellationToken, ("@id", tokenId)))
            .FirstOrDefault();

    public async Task<IReadOnlyList<ScimTokenRecord>> ListTokensAsync(string? tenantId, CancellationToken cancellationToken) =>
        tenantId is null
            ? await QueryAsync($"SELECT {TokenColumns} FROM scim_tokens ORDER BY tenant_id, created", ReadToken, cancellationToken)
            : await QueryAsync($"SELECT {TokenColumns} FROM scim_tokens WHERE tenant_id = @tenant ORDER BY created", ReadToken, cancellationToken, ("@tenant", tenantId));

    public async Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset revoked, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE scim_tokens SET revoked = @at WHERE id = @id AND revoked IS NULL", tokenId, revoked, cancellationToken) == 1;

    public async Task RecordTokenUseAsync(string tokenId, DateTimeOffset used, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE scim_tokens SET last_used = @at WHERE id = @id", tokenId, used, cancellationToken);

    public async Task<long> ReadTokenGenerationAsync(CancellationToken cancellationToken)
    {
        // Tokens are never deleted and a revocation is never undone, so this only grows, by one per add or revoke.
        // The table holds a few rows per tenant: counting them costs less than a millisecond.
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, "SELECT COUNT(*) + COUNT(revoked) FROM scim_tokens");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<int> ExecuteAsync(string sql, string tokenId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        // A write transaction, so the update waits its turn behind SCIM writes (SQLite has one writer).
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand(transaction, sql);
        var changed = await command.With("@id", tokenId).With("@at", dialect.ToDbTime(at)).ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, sql);
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var results = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(read(reader));
        }
        return results;
    }

    private Tenant ReadTenant(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), dialect.ReadTime(reader, 2));

    private ScimTokenRecord ReadToken(DbDataReader reader) => new(
        Id: reader.GetString(0),
        TenantId: reader.GetString(1),
        Name: reader.GetString(2),
        SecretHash: (byte[])reader.GetValue(3),
        Created: dialect.ReadTime(reader, 4),
        Expires: OptionalTime(reader, 5),
        Revoked: OptionalTime(reader, 6),
        LastUsed: OptionalTime(reader, 7));

    private DateTimeOffset? OptionalTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : dialect.ReadTime(reader, ordinal);
}
