using Provisio.Scim.Schema;
using Provisio.Storage.Events;
using Provisio.Storage.Sql;
using Provisio.Storage.Tenancy;

namespace Provisio.Storage.Access;

/// <summary><see cref="IAccessStore"/> over any <see cref="ISqlDialect"/>, reading <c>user_access</c> and recomputing it.</summary>
public sealed class SqlAccessStore(ISqlDialect dialect, ITenantSettingsStore settings, EventSignal signal, TimeProvider time) : IAccessStore
{
    /// <summary>
    /// A request is recomputed once it is older than this: tenant settings (the allowlist) are cached for a few
    /// seconds per instance, and the recomputation must see the settings that asked for it.
    /// </summary>
    public static readonly TimeSpan SettleTime = SqlTenantSettingsStore.Lifetime + TimeSpan.FromSeconds(1);

    public async Task<UserAccess?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        bool active;
        await using (var user = connection.CreateCommand(null,
            "SELECT active, resource_type FROM resources WHERE tenant_id = @tenant AND id = @id"))
        {
            await using var reader = await user.With("@tenant", tenantId).With("@id", userId).ExecuteReaderAsync(cancellationToken);
            // The id finds the row by the primary key; its type is checked on the row (docs/performance.md, eleventh step).
            if (!await reader.ReadAsync(cancellationToken) || reader.GetString(1) != ResourceTypeNames.User)
            {
                return null;
            }
            active = reader.IsDBNull(0) || Convert.ToBoolean(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
        }
        var grants = new List<(string Kind, string Name, string GroupId, string? Display, int? Rank)>();
        await using (var select = connection.CreateCommand(null, """
            SELECT a.kind, a.name, a.group_id, g.display, r.rank
            FROM user_access a
            LEFT JOIN resources g ON g.tenant_id = a.tenant_id AND g.id = a.group_id
            LEFT JOIN access_roles r ON r.tenant_id = a.tenant_id AND r.role = a.name AND a.kind = 'role'
            WHERE a.tenant_id = @tenant AND a.user_id = @id
            """))
        {
            await using var reader = await select.With("@tenant", tenantId).With("@id", userId).ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                grants.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        List<UserAccessItem> Items(string kind) => [.. grants.Where(g => g.Kind == kind)
            .GroupBy(g => g.Name, StringComparer.Ordinal)
            .Select(g => new UserAccessItem(g.Key, g.First().Rank,
                [.. g.OrderBy(x => x.GroupId, StringComparer.Ordinal).Select(x => new GrantingGroup(x.GroupId, x.Display, AccessRules.GroupKey(x.Display, x.GroupId)))]))
            .OrderByDescending(i => i.Rank ?? int.MinValue).ThenBy(i => i.Name, StringComparer.Ordinal)];
        return new UserAccess(userId, active, Items("role"), Items("workspace"));
    }

    public async Task<IReadOnlyList<string>> PendingRecomputationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, "SELECT tenant_id FROM access_reconciliations WHERE requested <= @settled");
        await using var reader = await select.With("@settled", dialect.ToDbTime(time.GetUtcNow() - SettleTime)).ExecuteReaderAsync(cancellationToken);
        var tenants = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetString(0));
        }
        return tenants;
    }

    public async Task<int> RecomputeAsync(string tenantId, int batchSize, CancellationToken cancellationToken)
    {
        var requested = await RequestedAsync(tenantId, cancellationToken);
        if (requested is null)
        {
            return 0;
        }
        var tenantSettings = await settings.GetAsync(tenantId, cancellationToken);
        var changed = 0;
        string? after = null;
        while (await NextUsersAsync(tenantId, after, batchSize, cancellationToken) is { Count: > 0 } batch)
        {
            changed += await RecomputeBatchAsync(tenantId, tenantSettings, batch, cancellationToken);
            after = batch[^1];
        }
        // Users deleted since they were granted something still hold rows: take those away too.
        changed += await RecomputeBatchAsync(tenantId, tenantSettings, await FormerUsersAsync(tenantId, cancellationToken), cancellationToken);
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        // A request made while this ran stays for the next run.
        await using var clear = connection.CreateCommand(transaction, "DELETE FROM access_reconciliations WHERE tenant_id = @tenant AND requested = @requested");
        await clear.With("@tenant", tenantId).With("@requested", requested).ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private async Task<int> RecomputeBatchAsync(string tenantId, TenantSettings tenantSettings, List<string> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return 0;
        }
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        var recorder = new ChangeRecorder(tenantId, WriteContext.Background("access-recomputation"), tenantSettings, time.GetUtcNow());
        var access = new AccessUpdater(connection, transaction, dialect, tenantId, tenantSettings);
        foreach (var user in userIds)
        {
            access.Touch(user);
        }
        var changed = await access.ApplyAsync(recorder, cancellationToken, recomputation: true);
        if (!recorder.HasEvents)
        {
            return 0;
        }
        recorder.Target(ResourceTypeNames.User, userIds[0]);
        await recorder.WriteAsync(connection, transaction, dialect, 200, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify(recorder.TenantId, recorder.EventCount);
        return changed;
    }

    private async Task<object?> RequestedAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, "SELECT requested FROM access_reconciliations WHERE tenant_id = @tenant");
        return await select.With("@tenant", tenantId).ExecuteScalarAsync(cancellationToken);
    }

    private async Task<List<string>> NextUsersAsync(string tenantId, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, """
            SELECT id FROM resources WHERE tenant_id = @tenant AND resource_type = 'User' AND id > @after ORDER BY id LIMIT @limit
            """);
        return await ReadIdsAsync(select.With("@tenant", tenantId).With("@after", after ?? "").With("@limit", limit), cancellationToken);
    }

    private async Task<List<string>> FormerUsersAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, """
            SELECT DISTINCT a.user_id FROM user_access a
            WHERE a.tenant_id = @tenant AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.tenant_id = a.tenant_id AND r.id = a.user_id)
            """);
        return await ReadIdsAsync(select.With("@tenant", tenantId), cancellationToken);
    }

    private static async Task<List<string>> ReadIdsAsync(System.Data.Common.DbCommand select, CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }
}
