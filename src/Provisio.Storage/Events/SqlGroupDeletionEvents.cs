using System.Data.Common;
using Provisio.Scim.Schema;
using Provisio.Storage.Sql;
using Provisio.Storage.Tenancy;

namespace Provisio.Storage.Events;

/// <summary>
/// <see cref="IGroupDeletionEvents"/> over any <see cref="ISqlDialect"/>: reads what
/// <see cref="Membership.GroupDeletions"/> kept, and writes the events in batches, each with the removal of its rows
/// in one transaction, so a crash between two batches neither loses nor repeats a member's event.
/// </summary>
public sealed class SqlGroupDeletionEvents(ISqlDialect dialect, ITenantSettingsStore settings, EventSignal signal) : IGroupDeletionEvents
{
    private const string JobName = "group-deletion-events";

    public async Task<IReadOnlyList<string>> PendingTenantsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, "SELECT DISTINCT tenant_id FROM group_deletions");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var tenants = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetString(0));
        }
        return tenants;
    }

    public async Task<int> WriteAsync(string tenantId, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var tenantSettings = await settings.GetAsync(tenantId, cancellationToken);
        var written = 0;
        while (await WriteBatchAsync(tenantId, tenantSettings, batchSize, cancellationToken) is var count and > 0)
        {
            written += count;
        }
        return written;
    }

    /// <summary>One transaction: the next members' events of the oldest deletion, or its group.deleted once none is left.</summary>
    private async Task<int> WriteBatchAsync(string tenantId, TenantSettings tenantSettings, int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        // The row lock makes a second instance wait for this batch, then read what is left after it.
        var deletion = await OldestAsync(connection, transaction, tenantId, cancellationToken);
        if (deletion is null)
        {
            return 0;
        }
        var context = new WriteContext
        {
            RequestId = deletion.RequestId,
            TokenId = deletion.TokenId,
            TokenName = deletion.TokenName,
            Method = "SYSTEM",
            Path = JobName,
        };
        var recorder = new ChangeRecorder(tenantId, context, tenantSettings, deletion.Deleted);
        var members = await MembersAsync(connection, transaction, tenantId, deletion.GroupId, batchSize, cancellationToken);
        if (members.Count > 0)
        {
            recorder.MembersRemoved(deletion.GroupId, deletion.DisplayName, members);
            await using var delete = connection.CreateCommand(transaction,
                "DELETE FROM group_deletion_members WHERE tenant_id = @tenant AND group_id = @group AND member_id <= @last");
            await delete.With("@tenant", tenantId).With("@group", deletion.GroupId).With("@last", members[^1].Id).ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            // Every member's event is written: the group's own comes last, as when a small group is deleted.
            recorder.Announce(EventTypes.GroupDeleted, ResourceTypeNames.Group, deletion.GroupId, deletion.Data);
            await using var delete = connection.CreateCommand(transaction, "DELETE FROM group_deletions WHERE tenant_id = @tenant AND group_id = @group");
            await delete.With("@tenant", tenantId).With("@group", deletion.GroupId).ExecuteNonQueryAsync(cancellationToken);
        }
        await recorder.WriteEventsAsync(connection, transaction, dialect, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify(tenantId, recorder.EventCount);
        return Math.Max(members.Count, 1);
    }

    private async Task<Deletion?> OldestAsync(DbConnection connection, DbTransaction transaction, string tenantId, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand(transaction, $"""
            SELECT group_id, display_name, deleted, request_id, token_id, token_name, data FROM group_deletions
             WHERE tenant_id = @tenant ORDER BY deleted, group_id LIMIT 1{dialect.LockForUpdate}
            """);
        await using var reader = await select.With("@tenant", tenantId).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
        return new Deletion(reader.GetString(0), Text(1), dialect.ReadTime(reader, 2), Text(3), Text(4), Text(5), reader.GetString(6));
    }

    private static async Task<List<(string Id, string Type)>> MembersAsync(DbConnection connection, DbTransaction transaction, string tenantId, string groupId, int batchSize, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand(transaction, """
            SELECT member_id, member_type FROM group_deletion_members WHERE tenant_id = @tenant AND group_id = @group ORDER BY member_id LIMIT @limit
            """);
        await using var reader = await select.With("@tenant", tenantId).With("@group", groupId).With("@limit", batchSize).ExecuteReaderAsync(cancellationToken);
        var members = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            members.Add((reader.GetString(0), reader.GetString(1)));
        }
        return members;
    }

    private sealed record Deletion(string GroupId, string? DisplayName, DateTimeOffset Deleted, string? RequestId, string? TokenId, string? TokenName, string Data);
}
