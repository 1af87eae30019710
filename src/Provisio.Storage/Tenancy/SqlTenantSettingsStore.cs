using System.Collections.Concurrent;
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
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
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
        await transaction.CommitAsync(cancellationToken);
        cache.TryRemove(tenantId, out _);
        return rows == 1;
    }

    private static bool SameGroups(IReadOnlyList<string>? before, IReadOnlyList<string>? after) =>
        before is null || after is null ? before is null && after is null : before.SequenceEqual(after, StringComparer.Ordinal);
}
