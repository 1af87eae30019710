using System.Data.Common;

namespace Provisio.Storage.Sql;

/// <summary>
/// Soft-deleted users: their row and memberships move to <c>deleted_resources</c> and <c>deleted_memberships</c>, so
/// the live tables (every read, count and uniqueness check) hold only what exists, and a purge removes them later.
/// </summary>
internal static class Tombstones
{
    /// <summary>Copies a resource and its memberships out of the live tables, before the caller deletes them there.</summary>
    public static async Task KeepAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, string tenantId, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var sql in new[]
        {
            // A user deleted, re-created with its id impossible (ids are new GUIDs), so a row here is never replaced.
            """
            INSERT INTO deleted_resources (tenant_id, id, resource_type, user_name, external_id, version, created, last_modified, deleted, document, password_hash)
            SELECT tenant_id, id, resource_type, user_name, external_id, version, created, last_modified, @now, document, password_hash
              FROM resources WHERE tenant_id = @tenant AND id = @id
            """,
            """
            INSERT INTO deleted_memberships (tenant_id, group_id, member_id, member_type)
            SELECT tenant_id, group_id, member_id, member_type FROM group_members WHERE tenant_id = @tenant AND member_id = @id
            """,
        })
        {
            await using var copy = connection.CreateCommand(transaction, sql);
            await copy.With("@tenant", tenantId).With("@id", id).With("@now", dialect.ToDbTime(now)).ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Removes up to <paramref name="limit"/> tombstones deleted before the given time; returns (type, id) of each.</summary>
    public static async Task<List<(string Type, string Id)>> PurgeAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, string tenantId, object deletedBefore, int limit, CancellationToken cancellationToken)
    {
        var purged = new List<(string, string)>();
        // DELETE … RETURNING decides who purges: an instance that races this one deletes (and announces) nothing twice.
        await using (var delete = connection.CreateCommand(transaction, $"""
            DELETE FROM deleted_resources
             WHERE tenant_id = @tenant AND id IN (SELECT id FROM deleted_resources WHERE tenant_id = @tenant AND deleted < @before ORDER BY deleted LIMIT @limit{dialect.SkipLocked})
            RETURNING resource_type, id
            """))
        {
            delete.With("@tenant", tenantId).With("@before", deletedBefore).With("@limit", limit);
            await using var reader = await delete.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                purged.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var batch in purged.Chunk(500))
        {
            var names = batch.Select((_, i) => $"@id{i}").ToList();
            await using var delete = connection.CreateCommand(transaction,
                $"DELETE FROM deleted_memberships WHERE tenant_id = @tenant AND member_id IN ({string.Join(", ", names)})");
            delete.With("@tenant", tenantId);
            for (var i = 0; i < batch.Length; i++)
            {
                delete.With(names[i], batch[i].Item2);
            }
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        return purged;
    }
}
