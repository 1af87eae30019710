using System.Data.Common;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Tenancy;

/// <summary><see cref="ITenantStore"/> over any <see cref="ISqlDialect"/>.</summary>
public sealed class SqlTenantStore(ISqlDialect dialect) : ITenantStore
{
    private const string TokenColumns = "id, tenant_id, name, secret_hash, created, expires, revoked, last_used";
    private const string TenantColumns = "id, display_name, created";

    /// <summary>Moves the token generation; run in the transaction of every change to scim_tokens but last_used.</summary>
    private const string NextGeneration = "UPDATE scim_token_generation SET value = value + 1 WHERE id = 1";

    public async Task<Tenant?> FindTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {TenantColumns} FROM tenants WHERE id = @id", ReadTenant, cancellationToken, ("@id", tenantId)))
            .FirstOrDefault();

    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {TenantColumns} FROM tenants ORDER BY id", ReadTenant, cancellationToken);

    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(string? afterId, int limit, CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {TenantColumns} FROM tenants WHERE id > @after ORDER BY id LIMIT @limit", ReadTenant, cancellationToken,
            ("@after", afterId ?? ""), ("@limit", limit));

    public async Task<bool> CreateTenantAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        // Whoever creates the tenant (CLI, first run, an embedding app), an id that cannot be a URL segment never goes live.
        if (!TenantIds.IsValid(tenant.Id))
        {
            throw new ArgumentException($"'{tenant.Id}' is not a valid tenant id: {TenantIds.Rule}.", nameof(tenant));
        }
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var insert = connection.CreateCommand(transaction,
            "INSERT INTO tenants (id, display_name, created) VALUES (@id, @name, @created) ON CONFLICT (id) DO NOTHING");
        var rows = await insert.With("@id", tenant.Id).With("@name", tenant.DisplayName).With("@created", dialect.ToDbTime(tenant.Created))
            .ExecuteNonQueryAsync(cancellationToken);
        if (rows == 1)
        {
            // A background job that was working for a deleted tenant of this id may have written a row after the
            // deletion (a consumer's position, say): the new tenant starts with none of them.
            await DeleteRowsAsync(connection, transaction, tenant.Id, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return rows == 1;
    }

    public async Task<bool> RenameTenantAsync(string tenantId, string displayName, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var update = connection.CreateCommand(transaction, "UPDATE tenants SET display_name = @name WHERE id = @id");
        var rows = await update.With("@id", tenantId).With("@name", displayName).ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows == 1;
    }

    public async Task<bool> DeleteTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        // The tenant's row first, locked: a second deletion waits here and then finds nothing to do.
        await using (var find = connection.CreateCommand(transaction, "SELECT id FROM tenants WHERE id = @id" + dialect.LockForUpdate))
        {
            if (await find.With("@id", tenantId).ExecuteScalarAsync(cancellationToken) is null)
            {
                return false;
            }
        }
        await DeleteRowsAsync(connection, transaction, tenantId, cancellationToken);
        await using (var tenant = connection.CreateCommand(transaction, "DELETE FROM tenants WHERE id = @id"))
        {
            await tenant.With("@id", tenantId).ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task AddTokenAsync(ScimTokenRecord token, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await InsertTokenAsync(connection, transaction, token, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ScimTokenRecord?> FindTokenAsync(string tokenId, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {TokenColumns} FROM scim_tokens WHERE id = @id", ReadToken, cancellationToken, ("@id", tokenId)))
            .FirstOrDefault();

    public async Task<IReadOnlyList<ScimTokenRecord>> ListTokensAsync(string? tenantId, CancellationToken cancellationToken) =>
        tenantId is null
            ? await QueryAsync($"SELECT {TokenColumns} FROM scim_tokens ORDER BY tenant_id, created, id", ReadToken, cancellationToken)
            : await QueryAsync($"SELECT {TokenColumns} FROM scim_tokens WHERE tenant_id = @tenant ORDER BY created, id", ReadToken, cancellationToken, ("@tenant", tenantId));

    public async Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset revoked, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        // A write transaction, so the update waits its turn behind SCIM writes (SQLite has one writer).
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var revoke = connection.CreateCommand(transaction, "UPDATE scim_tokens SET revoked = @at WHERE id = @id AND revoked IS NULL");
        if (await revoke.With("@id", tokenId).With("@at", dialect.ToDbTime(revoked)).ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            return false;
        }
        await using var generation = connection.CreateCommand(transaction, NextGeneration);
        await generation.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RotateTokenAsync(string tokenId, DateTimeOffset expires, ScimTokenRecord successor, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var expire = connection.CreateCommand(transaction, """
            UPDATE scim_tokens SET expires = CASE WHEN expires IS NOT NULL AND expires < @expires THEN expires ELSE @expires END
            WHERE id = @id AND tenant_id = @tenant AND revoked IS NULL
            """);
        var rows = await expire.With("@id", tokenId).With("@tenant", successor.TenantId).With("@expires", dialect.ToDbTime(expires))
            .ExecuteNonQueryAsync(cancellationToken);
        if (rows != 1)
        {
            return false;
        }
        // Moves the generation too, so every instance forgets the predecessor's cached copy without an expiry.
        await InsertTokenAsync(connection, transaction, successor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task RecordTokenUseAsync(string tokenId, DateTimeOffset used, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand(transaction, "UPDATE scim_tokens SET last_used = @at WHERE id = @id");
        await command.With("@id", tokenId).With("@at", dialect.ToDbTime(used)).ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<long> ReadTokenGenerationAsync(CancellationToken cancellationToken)
    {
        // One row, read on every instance at most once a second.
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, "SELECT value FROM scim_token_generation WHERE id = 1");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Deletes the tenant's rows from every table but <c>tenants</c>; moves the token generation when tokens went.</summary>
    private static async Task DeleteRowsAsync(DbConnection connection, DbTransaction transaction, string tenantId, CancellationToken cancellationToken)
    {
        var tokens = 0;
        foreach (var table in TenantTables.All)
        {
            await using var delete = connection.CreateCommand(transaction, $"DELETE FROM {table} WHERE tenant_id = @tenant");
            var rows = await delete.With("@tenant", tenantId).ExecuteNonQueryAsync(cancellationToken);
            tokens += table == "scim_tokens" ? rows : 0;
        }
        if (tokens > 0)
        {
            await using var generation = connection.CreateCommand(transaction, NextGeneration);
            await generation.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task InsertTokenAsync(DbConnection connection, DbTransaction transaction, ScimTokenRecord token, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand(transaction, $"""
            INSERT INTO scim_tokens ({TokenColumns}) VALUES (@id, @tenant, @name, @hash, @created, @expires, NULL, NULL)
            """);
        await insert.With("@id", token.Id).With("@tenant", token.TenantId).With("@name", token.Name).With("@hash", token.SecretHash)
            .With("@created", dialect.ToDbTime(token.Created)).With("@expires", token.Expires is { } e ? dialect.ToDbTime(e) : null)
            .ExecuteNonQueryAsync(cancellationToken);
        await using var generation = connection.CreateCommand(transaction, NextGeneration);
        await generation.ExecuteNonQueryAsync(cancellationToken);
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
