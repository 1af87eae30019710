using System.Data.Common;
using Provisio.Scim.Schema;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Access;

/// <summary>
/// The reads and writes behind effective access, in one write transaction: which groups users are in (directly or
/// through nesting), what they hold now, who is under a group, and the rows of <c>user_access</c>.
/// </summary>
internal sealed class AccessQueries(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, string tenantId)
{
    /// <summary>Nesting deeper than this is not followed (cycles are refused on write; this bounds the rest).</summary>
    public const int MaxDepth = 32;

    private const int BatchSize = 400;

    /// <summary>Rows per INSERT of user_access at most; fewer where the dialect binds fewer parameters to a statement.</summary>
    private const int InsertBatch = 200;

    /// <summary>Parameters of each row of the user_access INSERT.</summary>
    private const int ParametersPerRow = 4;

    /// <summary>The users among <paramref name="userIds"/> that exist, whether they are active, and every group they are in.</summary>
    public async Task<Dictionary<string, UserGroups>> GroupsOfAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var users = new Dictionary<string, UserGroups>(StringComparer.Ordinal);
        foreach (var batch in userIds.Chunk(BatchSize))
        {
            await using (var select = connection.CreateInListCommand(transaction,
                "SELECT id, active, resource_type FROM resources WHERE tenant_id = @tenant AND id IN ({ids})", batch))
            {
                await using var reader = await select.With("@tenant", tenantId).ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    // Ids are the tenant's key: the type is checked here, off the condition (docs/performance.md, eleventh step).
                    if (reader.GetString(2) != ResourceTypeNames.User)
                    {
                        continue;
                    }
                    // An absent active is not a deactivation (RFC 7643 leaves it to the service provider): such a user is active.
                    var active = reader.IsDBNull(1) || Convert.ToBoolean(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
                    users[reader.GetString(0)] = new UserGroups(active, []);
                }
            }
            await using var groups = connection.CreateInListCommand(transaction, $"""
                WITH RECURSIVE ancestry (user_id, group_id, depth) AS (
                    SELECT member_id, group_id, 0 FROM group_members WHERE tenant_id = @tenant AND member_id IN ({"{ids}"})
                    UNION
                    SELECT a.user_id, m.group_id, a.depth + 1 FROM ancestry a
                    JOIN group_members m ON m.tenant_id = @tenant AND m.member_id = a.group_id
                    WHERE a.depth < {MaxDepth}
                )
                SELECT DISTINCT a.user_id, a.group_id, g.display
                FROM ancestry a JOIN resources g ON g.tenant_id = @tenant AND g.id = a.group_id
                """, batch);
            await using var rows = await groups.With("@tenant", tenantId).ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                if (users.TryGetValue(rows.GetString(0), out var user))
                {
                    user.Groups.Add(new GroupName(rows.GetString(1), rows.IsDBNull(2) ? null : rows.GetString(2)));
                }
            }
        }
        return users;
    }

    /// <summary>What the users hold now, per user.</summary>
    public async Task<Dictionary<string, List<AccessGrant>>> HeldAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var held = new Dictionary<string, List<AccessGrant>>(StringComparer.Ordinal);
        foreach (var batch in userIds.Chunk(BatchSize))
        {
            await using var select = connection.CreateInListCommand(transaction,
                "SELECT user_id, kind, name, group_id FROM user_access WHERE tenant_id = @tenant AND user_id IN ({ids})", batch);
            await using var reader = await select.With("@tenant", tenantId).ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var grants = held.TryGetValue(reader.GetString(0), out var list) ? list : held[reader.GetString(0)] = [];
                grants.Add(new AccessGrant(ParseKind(reader.GetString(1)), reader.GetString(2), reader.GetString(3)));
            }
        }
        return held;
    }

    /// <summary>The users in the group, directly or through the groups inside it: all of them, or <paramref name="limit"/> at most.</summary>
    public async Task<HashSet<string>> UsersUnderAsync(string groupId, int limit, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand(transaction, $"""
            WITH RECURSIVE below (member_id, member_type, depth) AS (
                SELECT member_id, member_type, 0 FROM group_members WHERE tenant_id = @tenant AND group_id = @group
                UNION
                SELECT m.member_id, m.member_type, b.depth + 1 FROM below b
                JOIN group_members m ON m.tenant_id = @tenant AND m.group_id = b.member_id
                WHERE b.member_type = 'Group' AND b.depth < {MaxDepth}
            )
            SELECT DISTINCT member_id FROM below WHERE member_type = 'User' LIMIT @limit
            """);
        await using var reader = await select.With("@tenant", tenantId).With("@group", groupId).With("@limit", limit).ExecuteReaderAsync(cancellationToken);
        var users = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }
        return users;
    }

    /// <summary>The display names of groups that still exist.</summary>
    public async Task<Dictionary<string, string?>> DisplaysAsync(IReadOnlyCollection<string> groupIds, CancellationToken cancellationToken)
    {
        var displays = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var batch in groupIds.Chunk(BatchSize))
        {
            await using var select = connection.CreateInListCommand(transaction,
                "SELECT id, display FROM resources WHERE tenant_id = @tenant AND id IN ({ids})", batch);
            await using var reader = await select.With("@tenant", tenantId).ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                displays[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }
        return displays;
    }

    public async Task<List<AccessMapping>> MappingsAsync(CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand(transaction,
            $"SELECT {SqlAccessConfigurationStore.MappingColumns} FROM access_mappings WHERE tenant_id = @tenant");
        return await SqlAccessConfigurationStore.ReadMappingsAsync(select.With("@tenant", tenantId), dialect, cancellationToken);
    }

    /// <summary>The protected roles among <paramref name="roles"/>, locked (in name order, so two writers never deadlock) until the commit.</summary>
    public async Task<List<string>> LockProtectedAsync(IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        var locked = new List<string>();
        foreach (var role in roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            await using var select = connection.CreateCommand(transaction,
                $"SELECT protected FROM access_roles WHERE tenant_id = @tenant AND role = @role {dialect.LockForUpdate}");
            var value = await select.With("@tenant", tenantId).With("@role", role).ExecuteScalarAsync(cancellationToken);
            if (value is not null and not DBNull && Convert.ToBoolean(value, System.Globalization.CultureInfo.InvariantCulture))
            {
                locked.Add(role);
            }
        }
        return locked;
    }

    /// <summary>How many users hold a role (only active users hold any).</summary>
    public async Task<long> HoldersAsync(string role, CancellationToken cancellationToken)
    {
        await using var count = connection.CreateCommand(transaction,
            "SELECT COUNT(DISTINCT user_id) FROM user_access WHERE tenant_id = @tenant AND kind = 'role' AND name = @role");
        return Convert.ToInt64(await count.With("@tenant", tenantId).With("@role", role).ExecuteScalarAsync(cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Deletes what users lost and inserts what they gained; the inserts go many rows to a statement.</summary>
    public async Task WriteAsync(IReadOnlyList<(string User, AccessGrant Grant)> removed, IReadOnlyList<(string User, AccessGrant Grant)> added, CancellationToken cancellationToken)
    {
        foreach (var (user, grant) in removed)
        {
            await using var delete = connection.CreateCommand(transaction, """
                DELETE FROM user_access WHERE tenant_id = @tenant AND user_id = @user AND kind = @kind AND name = @name AND group_id = @group
                """);
            await delete.With("@tenant", tenantId).With("@user", user).With("@kind", KindName(grant.Kind)).With("@name", grant.Name)
                .With("@group", grant.GroupId).ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var batch in added.Chunk(dialect.RowsPerStatement(ParametersPerRow, InsertBatch)))
        {
            var rows = batch.Select((_, i) => $"(@tenant, @u{i}, @k{i}, @n{i}, @g{i})");
            await using var insert = connection.CreateCommand(transaction, $"""
                INSERT INTO user_access (tenant_id, user_id, kind, name, group_id) VALUES {string.Join(", ", rows)}
                ON CONFLICT DO NOTHING
                """);
            insert.With("@tenant", tenantId);
            for (var i = 0; i < batch.Length; i++)
            {
                var (user, grant) = batch[i];
                insert.With($"@u{i}", user).With($"@k{i}", KindName(grant.Kind)).With($"@n{i}", grant.Name).With($"@g{i}", grant.GroupId);
            }
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static string KindName(AccessKind kind) => kind == AccessKind.Role ? "role" : "workspace";

    private static AccessKind ParseKind(string kind) => kind == "role" ? AccessKind.Role : AccessKind.Workspace;
}

/// <summary>A user's state for access: active or not, and the groups it is in (directly or through nesting).</summary>
internal sealed record UserGroups(bool Active, List<GroupName> Groups);

/// <summary>A group's id and display name.</summary>
internal sealed record GroupName(string Id, string? Display);
