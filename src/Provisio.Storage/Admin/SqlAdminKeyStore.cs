using System.Data.Common;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Admin;

/// <summary><see cref="IAdminKeyStore"/> over any <see cref="ISqlDialect"/>, in <c>admin_keys</c>.</summary>
public sealed class SqlAdminKeyStore(ISqlDialect dialect) : IAdminKeyStore
{
    private const string Columns = "id, name, secret_hash, created, revoked, last_used, tenant_id";

    public async Task AddAsync(AdminKeyRecord key, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var insert = connection.CreateCommand(transaction, $"""
            INSERT INTO admin_keys ({Columns}) VALUES (@id, @name, @hash, @created, NULL, NULL, @tenant)
            """);
        await insert.With("@id", key.Id).With("@name", key.Name).With("@hash", key.SecretHash)
            .With("@created", dialect.ToDbTime(key.Created)).With("@tenant", key.TenantId)
            .ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<AdminKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM admin_keys WHERE id = @id", keyId, cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<AdminKeyRecord>> ListAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {Columns} FROM admin_keys ORDER BY created, id", null, cancellationToken);

    public async Task<bool> RevokeAsync(string keyId, DateTimeOffset revoked, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE admin_keys SET revoked = @at WHERE id = @id AND revoked IS NULL", keyId, revoked, cancellationToken) == 1;

    public async Task RecordUseAsync(string keyId, DateTimeOffset used, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE admin_keys SET last_used = @at WHERE id = @id", keyId, used, cancellationToken);

    private async Task<int> ExecuteAsync(string sql, string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        // A write transaction, so the update waits its turn behind SCIM writes (SQLite has one writer).
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand(transaction, sql);
        var changed = await command.With("@id", keyId).With("@at", dialect.ToDbTime(at)).ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private async Task<List<AdminKeyRecord>> QueryAsync(string sql, string? keyId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, sql);
        if (keyId is not null)
        {
            command.With("@id", keyId);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<AdminKeyRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Read(reader));
        }
        return keys;
    }

    private AdminKeyRecord Read(DbDataReader reader) => new(
        Id: reader.GetString(0),
        Name: reader.GetString(1),
        SecretHash: (byte[])reader.GetValue(2),
        Created: dialect.ReadTime(reader, 3),
        Revoked: OptionalTime(reader, 4),
        LastUsed: OptionalTime(reader, 5),
        TenantId: reader.IsDBNull(6) ? null : reader.GetString(6));

    private DateTimeOffset? OptionalTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : dialect.ReadTime(reader, ordinal);
}
