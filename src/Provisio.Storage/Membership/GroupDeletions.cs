using System.Data.Common;
using Provisio.Storage.Events;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Membership;

/// <summary>
/// A group deleted with more than <see cref="MembersInWrite"/> members: one event per member would keep the DELETE's
/// transaction open for seconds (100,000 events), so the DELETE moves the member rows to
/// <c>group_deletion_members</c> in two statements and answers; <see cref="SqlGroupDeletionEvents"/> then writes the
/// <c>group.user_removed</c> events, and <c>group.deleted</c> last, from a background job.
/// </summary>
internal static class GroupDeletions
{
    /// <summary>Members whose events a group DELETE writes itself; above it, the background job writes them.</summary>
    public const int MembersInWrite = 2_000;

    /// <summary>
    /// Takes the group's members out of <c>group_members</c> and keeps them, with the group's <c>group.deleted</c>
    /// event and who deleted it, for the job. Returns how many members it had and the first
    /// <see cref="ChangeRecorder.AuditedMemberIds"/> of them (for the audit row).
    /// </summary>
    public static async Task<(int Count, List<string> Sample)> DeferAsync(
        DbConnection connection, DbTransaction transaction, ISqlDialect dialect, string tenantId, string groupId,
        string? displayName, WriteContext context, DateTimeOffset now, string deletedEventData, CancellationToken cancellationToken)
    {
        await using (var keep = connection.CreateCommand(transaction, """
            INSERT INTO group_deletions (tenant_id, group_id, display_name, deleted, request_id, token_id, token_name, data)
            VALUES (@tenant, @group, @display, @now, @request, @tokenId, @tokenName, @data)
            """))
        {
            await keep.With("@tenant", tenantId).With("@group", groupId).With("@display", displayName).With("@now", dialect.ToDbTime(now))
                .With("@request", context.RequestId).With("@tokenId", context.TokenId).With("@tokenName", context.TokenName)
                .With("@data", deletedEventData).ExecuteNonQueryAsync(cancellationToken);
        }
        int count;
        await using (var move = connection.CreateCommand(transaction, """
            INSERT INTO group_deletion_members (tenant_id, group_id, member_id, member_type)
            SELECT tenant_id, group_id, member_id, member_type FROM group_members WHERE tenant_id = @tenant AND group_id = @group
            """))
        {
            count = await move.With("@tenant", tenantId).With("@group", groupId).ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var delete = connection.CreateCommand(transaction, "DELETE FROM group_members WHERE tenant_id = @tenant AND group_id = @group"))
        {
            await delete.With("@tenant", tenantId).With("@group", groupId).ExecuteNonQueryAsync(cancellationToken);
        }
        var sample = new List<string>();
        await using var select = connection.CreateCommand(transaction, """
            SELECT member_id FROM group_deletion_members WHERE tenant_id = @tenant AND group_id = @group ORDER BY member_id LIMIT @limit
            """);
        select.With("@tenant", tenantId).With("@group", groupId).With("@limit", ChangeRecorder.AuditedMemberIds);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sample.Add(reader.GetString(0));
        }
        return (count, sample);
    }
}
