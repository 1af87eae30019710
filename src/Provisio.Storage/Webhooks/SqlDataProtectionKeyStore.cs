using Provisio.Storage.Sql;

namespace Provisio.Storage.Webhooks;

/// <summary><see cref="IDataProtectionKeyStore"/> over any <see cref="ISqlDialect"/>.</summary>
public sealed class SqlDataProtectionKeyStore(ISqlDialect dialect) : IDataProtectionKeyStore
{
    public async Task<IReadOnlyList<string>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, "SELECT xml FROM data_protection_keys ORDER BY created, name");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var keys = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }
        return keys;
    }

    public async Task StoreAsync(string name, string xml, DateTimeOffset created, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        // Data Protection names its elements uniquely (key-GUID, revocation-TIMESTAMP); a name seen twice is the same element.
        await using var insert = connection.CreateCommand(transaction, """
            INSERT INTO data_protection_keys (name, xml, created) VALUES (@name, @xml, @created)
            ON CONFLICT (name) DO NOTHING
            """);
        await insert.With("@name", name).With("@xml", xml).With("@created", dialect.ToDbTime(created)).ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
