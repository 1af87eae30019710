using Provisio.Storage.Sql;

namespace Provisio.Storage.Passwords;

/// <summary><see cref="IPasswordHashStore"/> over any <see cref="ISqlDialect"/>: <c>resources.password_hash</c>.</summary>
public sealed class SqlPasswordHashStore(ISqlDialect dialect) : IPasswordHashStore
{
    public async Task<string?> FindAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null,
            "SELECT CASE WHEN resource_type = 'User' THEN password_hash END FROM resources WHERE tenant_id = @tenant AND id = @id");
        return await select.With("@tenant", tenantId).With("@id", userId).ExecuteScalarAsync(cancellationToken) as string;
    }
}
