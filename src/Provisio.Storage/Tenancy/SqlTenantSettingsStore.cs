using System.Collections.Concurrent;
using System.Data.Common;
using Provisio.Storage.Access;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Tenancy;

/// <summary>
/// <see cref="ITenantSettingsStore"/> over any <see cref="ISqlDialect"/>, in <c>tenants.settings</c>. Every write
/// request needs its tenant's settings, so they are remembered for <see cref="Lifetime"/>; a change made here is seen
/// here at once, and by other processes (the CLI, other instances) within that time.
/// </summary>
public sealed class SqlTenantSettingsStore(ISqlDialect dialect, TimeProvider time) : ITenantSettingsStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, (TenantSettings Settings, DateTimeOffset ReadAt)> cache = new(StringComparer.Ordinal);

    public async ValueTask<TenantSettings> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(tenantId, out var cached) && now - cached.ReadAt < Lifetime)
        {
            return cached.Settings;
        }
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, "SELECT settings FROM tenants WHERE id = @id");
        var value = await select.With("@id", tenantId).ExecuteScalarAsync(cancellationToken);
        var settings = TenantSettingsJson.Read(value as string);
        if (cache.Count > 100_000)
        {
            cache.Clear();
        }
        cache[tenantId] = (settings, now);
        return settings;
    }

    public async Task<bool> SetAsync(string tenantId, TenantSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var select = connection.CreateCommand(transaction, "SELECT settings FROM tenants WHERE id = @id" + dialect.LockForUpdate);
        var before = TenantSettingsJson.Read(await select.With("@id", tenantId).ExecuteScalarAsync(cancellationToken) as string);
        await using var update = connection.CreateCommand(transaction, "UPDATE tenants SET settings = @settings WHERE id = @id");
        var rows = await update.With("@id", tenantId).With("@settings", TenantSettingsJson.Write(settings)).ExecuteNonQueryAsync(cancellationToken);
        if (rows == 1 && !SameGroups(before.SyncGroups, settings.SyncGroups))
        {
            // Groups that start or stop granting access change users' effective access: recomputed from this row.
            await AccessReconciliations.RequestAsync(dialect, connection, transaction, tenantId, time.GetUtcNow(), cancellationToken);
        }
        if (rows == 1 && before.ExternalIdUnique != settings.ExternalIdUnique
            && !await ClaimExternalIdsAsync(connection, transaction, tenantId, settings.ExternalIdUnique, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            throw new DuplicateExternalIdsException(await DuplicateExternalIdsAsync(tenantId, cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        cache.TryRemove(tenantId, out _);
        return rows == 1;
    }

    /// <summary>
    /// Copies the users' externalIds into the column the uniqueness index covers (or clears it): false when two users
    /// share one, which the index refuses. Users written meanwhile by an instance that still has the old settings
    /// cached are not claimed (docs/tenant-settings.md).
    /// </summary>
    private async Task<bool> ClaimExternalIdsAsync(DbConnection connection, DbTransaction transaction, string tenantId, bool unique, CancellationToken cancellationToken)
    {
        await using var update = connection.CreateCommand(transaction, unique
            ? "UPDATE resources SET unique_external_id = external_id WHERE tenant_id = @tenant AND resource_type = 'User' AND external_id IS NOT NULL"
            : "UPDATE resources SET unique_external_id = NULL WHERE tenant_id = @tenant AND unique_external_id IS NOT NULL");
        try
        {
            await update.With("@tenant", tenantId).ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (DbException exception) when (dialect.IsUniqueViolation(exception))
        {
            return false;
        }
    }

    private async Task<IReadOnlyList<string>> DuplicateExternalIdsAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, """
            SELECT external_id FROM resources
             WHERE tenant_id = @tenant AND resource_type = 'User' AND external_id IS NOT NULL
             GROUP BY external_id HAVING COUNT(*) > 1
             ORDER BY external_id LIMIT @limit
            """);
        await using var reader = await select.With("@tenant", tenantId).With("@limit", DuplicateExternalIdsException.Shown).ExecuteReaderAsync(cancellationToken);
        var duplicates = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            duplicates.Add(reader.GetString(0));
        }
        return duplicates;
    }

    private static bool SameGroups(IReadOnlyList<string>? before, IReadOnlyList<string>? after) =>
        before is null || after is null ? before is null && after is null : before.SequenceEqual(after, StringComparer.Ordinal);
}
