using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Patching;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Membership;

/// <summary>
/// Group membership as rows of <c>group_members (tenant, group, member)</c>, indexed both ways: members are written
/// as row inserts and deletes, <c>Group.members</c> and <c>User.groups</c> are read from them.
/// </summary>
internal sealed class MembershipRows(DbConnection connection, DbTransaction? transaction, string tenantId)
{
    private const int BatchSize = 500;

    /// <summary>A new version for resources whose representation changed through membership (RFC 7644 §3.14).</summary>
    private const string BumpSql = "UPDATE resources SET version = version + 1, last_modified = @now WHERE tenant_id = @tenant";

    /// <summary>
    /// Bumps the users below the groups in <c>{0}</c> at any depth: their <c>groups</c> show these groups and the ones
    /// above. Descending stops by itself, as UNION drops a member met before. A member row names its member's type and
    /// ids are the tenant's key, so the UPDATE has no type condition for PostgreSQL to mistake for an index.
    /// </summary>
    private const string BumpUsersBelowSql = """
        WITH RECURSIVE below (member_id, member_type) AS (
            SELECT member_id, member_type FROM group_members WHERE tenant_id = @tenant AND group_id IN ({0})
            UNION
            SELECT m.member_id, m.member_type
              FROM below JOIN group_members m ON m.tenant_id = @tenant AND m.group_id = below.member_id
             WHERE below.member_type = 'Group'
        )
        UPDATE resources SET version = version + 1, last_modified = @now
         WHERE tenant_id = @tenant AND id IN (SELECT member_id FROM below WHERE member_type = 'User')
        """;

    /// <summary>
    /// Separates the document to store from a group's member changes (members live in their own table): the complete
    /// set given with a create or replace, or the operations of a PATCH.
    /// </summary>
    public static (JsonObject Document, IReadOnlyList<MembershipOperation>? Members) Split(ResourceChange change)
    {
        var document = change.Attributes.DeepClone().AsObject();
        // Derived, read-only data never goes into the document.
        document.Remove("groups");
        if (change.ResourceType != ResourceTypeNames.Group)
        {
            return (document, null);
        }
        var members = document["members"] as JsonArray ?? [];
        document.Remove("members");
        if (change.Membership is not null)
        {
            return (document, change.Membership);
        }
        return (document, [new ReplaceMembers(MemberReferences.Ids(members))]);
    }

    /// <summary>
    /// Applies member changes in order, as row inserts and deletes, and bumps the version of every user who joined or
    /// left (its <c>groups</c> changed): the cost follows the members changed, not the group's size. A group added to
    /// one it is already inside is refused (<see cref="RefuseCyclesAsync"/>). Returns the members added and removed (a
    /// member added then removed by one request appears in both).
    /// </summary>
    /// <param name="dialect">For its row lock clause, to take turns with other writers that nest groups, and how it inserts rows best.</param>
    public async Task<MembershipDelta> ApplyAsync(string groupId, IReadOnlyList<MembershipOperation> operations, object now, ISqlDialect dialect, CancellationToken cancellationToken)
    {
        var lockClause = dialect.LockForUpdate;
        var insertRowByRow = dialect.RunsInProcess;
        var delta = new MembershipDelta([], []);
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case AddMembers add:
                    var added = await ResolveAsync(groupId, add.Ids, cancellationToken);
                    await RefuseCyclesAsync(groupId, added, lockClause, cancellationToken);
                    delta.Added.AddRange(await InsertAsync(groupId, added, insertRowByRow, cancellationToken));
                    break;
                case RemoveMembers remove:
                    delta.Removed.AddRange(await DeleteAsync(groupId, remove.Ids, cancellationToken));
                    break;
                case RemoveMembersWhere where:
                    delta.Removed.AddRange(await DeleteAsync(groupId, await MatchingAsync(groupId, where, cancellationToken), cancellationToken));
                    break;
                case ReplaceMembers replace:
                    var members = await ResolveAsync(groupId, replace.Ids, cancellationToken);
                    await RefuseCyclesAsync(groupId, members, lockClause, cancellationToken);
                    await ReplaceAsync(groupId, members, delta, insertRowByRow, cancellationToken);
                    break;
                default:
                    throw new ArgumentException($"Unknown membership operation {operation.GetType().Name}.", nameof(operations));
            }
        }
        // Sorted, so writers that bump overlapping users lock them in the same order.
        var changed = delta.Added.Concat(delta.Removed).Select(m => m.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var batch in changed.Chunk(BatchSize))
        {
            await using var bump = InClause(BumpSql + " AND resource_type = 'User' AND id IN ({0})", batch).With("@now", now);
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }
        // A group that joined or left brings or takes an indirect group to every user below it.
        var nested = delta.Added.Concat(delta.Removed).Where(m => m.Type == ResourceTypeNames.Group).Select(m => m.Id).Distinct(StringComparer.Ordinal);
        foreach (var batch in nested.Chunk(BatchSize))
        {
            await using var bump = InClause(BumpUsersBelowSql, batch).With("@now", now);
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }
        return delta;
    }

    public async Task<bool> HasMoreThanAsync(string groupId, int limit, CancellationToken cancellationToken)
    {
        await using var count = Command("SELECT COUNT(*) FROM (SELECT 1 FROM group_members WHERE tenant_id = @tenant AND group_id = @group LIMIT @limit) m")
            .With("@group", groupId).With("@limit", limit + 1);
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > limit;
    }

    /// <summary>
    /// Inserts rows, one statement per row where statements are in-process calls, else in multi-row statements; rows that
    /// exist already are left alone. Returns the members added.
    /// </summary>
    private async Task<List<(string Id, string Type)>> InsertAsync(string groupId, IEnumerable<KeyValuePair<string, string>> members, bool rowByRow, CancellationToken cancellationToken)
    {
        if (rowByRow)
        {
            return await InsertRowByRowAsync(groupId, members, cancellationToken);
        }
        var inserted = new List<(string, string)>();
        foreach (var batch in members.Chunk(BatchSize / 2))
        {
            var rows = batch.Select((_, i) => $"(@tenant, @group, @m{i}, @t{i})");
            await using var insert = Command($"""
                INSERT INTO group_members (tenant_id, group_id, member_id, member_type) VALUES {string.Join(", ", rows)}
                ON CONFLICT (tenant_id, group_id, member_id) DO NOTHING RETURNING member_id, member_type
                """).With("@group", groupId);
            for (var i = 0; i < batch.Length; i++)
            {
                insert.With($"@m{i}", batch[i].Key).With($"@t{i}", batch[i].Value);
            }
            await ReadIdsAsync(insert, inserted, cancellationToken);
        }
        return inserted;
    }

    /// <summary>One prepared single-row statement, run for each member: a row it changed was added, else it was there.</summary>
    private async Task<List<(string Id, string Type)>> InsertRowByRowAsync(string groupId, IEnumerable<KeyValuePair<string, string>> members, CancellationToken cancellationToken)
    {
        var inserted = new List<(string, string)>();
        await using var insert = Command("""
            INSERT INTO group_members (tenant_id, group_id, member_id, member_type) VALUES (@tenant, @group, @member, @type)
            ON CONFLICT (tenant_id, group_id, member_id) DO NOTHING
            """).With("@group", groupId).With("@member", "").With("@type", "");
        var member = insert.Parameters["@member"];
        var type = insert.Parameters["@type"];
        foreach (var (id, memberType) in members)
        {
            member.Value = id;
            type.Value = memberType;
            if (await insert.ExecuteNonQueryAsync(cancellationToken) > 0)
            {
                inserted.Add((id, memberType));
            }
        }
        return inserted;
    }

    /// <summary>Deletes the rows of those members; returns the members removed.</summary>
    private async Task<List<(string Id, string Type)>> DeleteAsync(string groupId, IEnumerable<string> memberIds, CancellationToken cancellationToken)
    {
        var deleted = new List<(string, string)>();
        foreach (var batch in memberIds.Distinct(StringComparer.Ordinal).Chunk(BatchSize))
        {
            await using var delete = InClause("DELETE FROM group_members WHERE tenant_id = @tenant AND group_id = @group AND member_id IN ({0}) RETURNING member_id, member_type", batch)
                .With("@group", groupId);
            await ReadIdsAsync(delete, deleted, cancellationToken);
        }
        return deleted;
    }

    private static async Task ReadIdsAsync(DbCommand command, List<(string, string)> members, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            members.Add((reader.GetString(0), reader.GetString(1)));
        }
    }

    /// <summary>
    /// The members a <c>members[…]</c> filter selects. <c>value eq "id"</c> (what IdPs send) needs no read at all;
    /// any other filter is evaluated on the member rows.
    /// </summary>
    private async Task<IEnumerable<string>> MatchingAsync(string groupId, RemoveMembersWhere where, CancellationToken cancellationToken)
    {
        if (ValueEqualities(where.Filter) is { } ids)
        {
            return ids;
        }
        var matches = new List<string>();
        await using var select = Command("""
            SELECT m.member_id, m.member_type, r.display
              FROM group_members m JOIN resources r ON r.tenant_id = m.tenant_id AND r.id = m.member_id
             WHERE m.tenant_id = @tenant AND m.group_id = @group
            """).With("@group", groupId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var member = new JsonObject { ["value"] = reader.GetString(0), ["type"] = reader.GetString(1) };
            if (!reader.IsDBNull(2))
            {
                member["display"] = reader.GetString(2);
            }
            if (where.Matches(member))
            {
                matches.Add(reader.GetString(0));
            }
        }
        return matches;
    }

    /// <summary><c>value eq "a"</c>, or several joined by <c>or</c>: the ids themselves.</summary>
    private static List<string>? ValueEqualities(FilterNode filter) => filter switch
    {
        ComparisonFilter { Operator: ComparisonOperator.Eq, Value: string id, Path.Name: "value" } => [id],
        OrFilter either when ValueEqualities(either.Left) is { } left && ValueEqualities(either.Right) is { } right => [.. left, .. right],
        _ => null,
    };

    /// <summary>Checks that every member is a User or Group of this tenant and returns (id, type) pairs, deduplicated.</summary>
    private async Task<Dictionary<string, string>> ResolveAsync(string groupId, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Contains(groupId, StringComparer.Ordinal))
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue, "A group cannot be a member of itself.");
        }
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var batch in ids.Distinct(StringComparer.Ordinal).Chunk(BatchSize))
        {
            await using var select = InClause("SELECT id, resource_type FROM resources WHERE tenant_id = @tenant AND id IN ({0})", batch);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                resolved[reader.GetString(0)] = reader.GetString(1);
            }
        }
        var missing = ids.FirstOrDefault(id => !resolved.ContainsKey(id));
        if (missing is not null)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"The member '{missing}' is not a User or Group of this tenant.");
        }
        return resolved;
    }

    /// <summary>
    /// Refuses to put a group inside a group it already holds, directly or through nested groups: every group on the
    /// cycle would contain itself. The groups that hold <paramref name="groupId"/> are found by climbing from it, which
    /// stops by itself (UNION drops a group met before). Writers that nest groups in a tenant first take turns on the
    /// tenant's row, so two of them cannot each close half of a cycle (A into B while B goes into A) without seeing the
    /// other's; writers that add only users never wait for it.
    /// </summary>
    private async Task RefuseCyclesAsync(string groupId, Dictionary<string, string> members, string lockClause, CancellationToken cancellationToken)
    {
        var groups = members.Where(m => m.Value == ResourceTypeNames.Group).Select(m => m.Key).ToArray();
        if (groups.Length == 0)
        {
            return;
        }
        await using (var turn = Command($"SELECT id FROM tenants WHERE id = @tenant{lockClause}"))
        {
            await turn.ExecuteScalarAsync(cancellationToken);
        }
        foreach (var batch in groups.Chunk(BatchSize))
        {
            await using var select = InClause("""
                WITH RECURSIVE above (group_id) AS (
                    SELECT group_id FROM group_members WHERE tenant_id = @tenant AND member_id = @group
                    UNION
                    SELECT up.group_id FROM above JOIN group_members up ON up.tenant_id = @tenant AND up.member_id = above.group_id
                )
                SELECT group_id FROM above WHERE group_id IN ({0}) ORDER BY group_id LIMIT 1
                """, batch).With("@group", groupId);
            if (await select.ExecuteScalarAsync(cancellationToken) is string outer)
            {
                var names = await DisplayNamesAsync([outer, groupId], cancellationToken);
                throw ScimException.BadRequest(ScimErrorType.InvalidValue,
                    $"Group '{names[outer]}' cannot become a member of '{names[groupId]}': '{names[groupId]}' is already inside it, and groups may not contain themselves.");
            }
        }
    }

    /// <summary>The display names of those resources, or their ids when they have none.</summary>
    private async Task<Dictionary<string, string>> DisplayNamesAsync(string[] ids, CancellationToken cancellationToken)
    {
        var names = ids.Distinct(StringComparer.Ordinal).ToDictionary(id => id, id => id, StringComparer.Ordinal);
        await using var select = InClause("SELECT id, display FROM resources WHERE tenant_id = @tenant AND id IN ({0})", [.. names.Keys]);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(1))
            {
                names[reader.GetString(0)] = reader.GetString(1);
            }
        }
        return names;
    }

    /// <summary>Makes the group's rows equal to <paramref name="members"/>, touching only the rows that differ.</summary>
    private async Task ReplaceAsync(string groupId, Dictionary<string, string> members, MembershipDelta delta, bool insertRowByRow, CancellationToken cancellationToken)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using (var select = Command("SELECT member_id FROM group_members WHERE tenant_id = @tenant AND group_id = @group").With("@group", groupId))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                existing.Add(reader.GetString(0));
            }
        }
        var removed = existing.Where(id => !members.ContainsKey(id)).ToList();
        var added = members.Where(m => !existing.Contains(m.Key)).ToList();
        delta.Removed.AddRange(await DeleteAsync(groupId, removed, cancellationToken));
        delta.Added.AddRange(await InsertAsync(groupId, added, insertRowByRow, cancellationToken));
    }

    /// <summary>A group's members one row at a time, in id order, so a 100,000-member group is never held in memory.</summary>
    public async IAsyncEnumerable<GroupMember> StreamAsync(string groupId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var select = Command("""
            SELECT m.member_id, m.member_type, r.display
              FROM group_members m JOIN resources r ON r.tenant_id = m.tenant_id AND r.id = m.member_id
             WHERE m.tenant_id = @tenant AND m.group_id = @group
             ORDER BY m.member_id
            """).With("@group", groupId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new GroupMember(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }
    }

    /// <summary>
    /// The groups of the users in <c>{0}</c>, direct and through nested groups (RFC 7643 §4.1.2), as (user, group,
    /// <c>direct</c> or <c>indirect</c>, display): each group once per user, <c>direct</c> when it is both. Climbing
    /// stops by itself: UNION drops a (user, group, level) row it has produced before, so each pair comes out at most
    /// twice, whatever the depth and even on a cycle written before cycles were refused. A user in a few groups and no
    /// nesting costs one more index probe per group. <c>@limit</c> bounds the pairs after they are merged.
    /// </summary>
    private const string GroupsOfSql = """
        WITH RECURSIVE reach (member_id, group_id, indirect) AS (
            SELECT member_id, group_id, 0 FROM group_members WHERE tenant_id = @tenant AND member_id IN ({0})
            UNION
            SELECT reach.member_id, up.group_id, 1
              FROM reach JOIN group_members up ON up.tenant_id = @tenant AND up.member_id = reach.group_id
        )
        SELECT m.member_id, m.group_id, CASE WHEN m.indirect = 0 THEN 'direct' ELSE 'indirect' END, r.display
          FROM (SELECT member_id, group_id, MIN(indirect) AS indirect FROM reach
                 GROUP BY member_id, group_id LIMIT @limit) m
          JOIN resources r ON r.tenant_id = @tenant AND r.id = m.group_id
         ORDER BY m.member_id, m.group_id
        """;

    /// <summary>Direct groups of one user held in memory while looking for nesting, before streaming them instead.</summary>
    private const int DirectGroupsBuffered = 1_000;

    /// <summary>
    /// A user's groups, direct and indirect, one row at a time, in id order. A user in up to
    /// <see cref="DirectGroupsBuffered"/> groups, none of them nested, gets them from one plain read (as a list does).
    /// </summary>
    public async IAsyncEnumerable<GroupMember> StreamGroupsOfAsync(string userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var direct = new List<GroupMember>();
        var climb = false;
        await using (var first = InClause(DirectGroupsOfSql, [userId]).With("@limit", (long)DirectGroupsBuffered + 1))
        await using (var rows = await first.ExecuteReaderAsync(cancellationToken))
        {
            while (!climb && await rows.ReadAsync(cancellationToken))
            {
                climb = rows.GetBoolean(4) || direct.Count == DirectGroupsBuffered;
                direct.Add(new GroupMember(rows.GetString(1), rows.GetString(2), rows.IsDBNull(3) ? null : rows.GetString(3)));
            }
        }
        if (!climb)
        {
            foreach (var group in direct)
            {
                yield return group;
            }
            yield break;
        }
        await using var select = InClause(GroupsOfSql, [userId]).With("@limit", long.MaxValue);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new GroupMember(reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }
    }

    /// <summary>
    /// Fills <c>members</c> on groups and <c>groups</c> on users, with one query per page of resources; or, when they
    /// hold more than <paramref name="limit"/> entries in all, fills nothing and returns false, having read at most that many.
    /// The users' groups come from <paramref name="carried"/> when it holds them all.
    /// </summary>
    public async Task<bool> AttachAsync(IReadOnlyList<ScimResource> resources, int limit, CancellationToken cancellationToken, CarriedGroups? carried = null)
    {
        // The limit applies to the rows of group_members (for users, to their merged groups) before the join and the
        // sort, so an over-full page costs no more than the limit; a page within it is read whole and sorted.
        var groups = resources.Where(r => r.ResourceType == ResourceTypeNames.Group).ToList();
        // A page of users alone (every lookup) has no members to read, and the reverse.
        Dictionary<string, JsonArray>? members = groups.Count == 0 ? [] : await ReadListsAsync(groups, """
            SELECT m.group_id, m.member_id, m.member_type, r.display
              FROM (SELECT group_id, member_id, member_type FROM group_members
                     WHERE tenant_id = @tenant AND group_id IN ({0}) LIMIT @limit) m
              JOIN resources r ON r.tenant_id = @tenant AND r.id = m.member_id
             ORDER BY m.group_id, m.member_id
            """, limit, cancellationToken);
        var users = resources.Where(r => r.ResourceType == ResourceTypeNames.User).ToList();
        var allowance = members is null ? 0 : limit - members.Values.Sum(l => (long)l.Count);
        var groupsOfUsers = members is null ? null
            : users.Count == 0 ? []
            : carried?.All(allowance) ?? await ReadGroupsOfUsersAsync(users, allowance, cancellationToken);
        if (members is null || groupsOfUsers is null)
        {
            return false;
        }
        Assign(groups, "members", members);
        Assign(users, "groups", groupsOfUsers);
        return true;
    }

    /// <summary>
    /// Locks the groups that hold this resource, in id order, before the resource itself is locked for its deletion:
    /// a membership PATCH locks its group first and its members second, so deletions take the same order.
    /// </summary>
    public async Task LockGroupsOfAsync(string id, string lockClause, CancellationToken cancellationToken)
    {
        await using var select = Command($"""
            SELECT id FROM resources
             WHERE tenant_id = @tenant AND id IN (SELECT group_id FROM group_members WHERE tenant_id = @tenant AND member_id = @id)
             ORDER BY id{lockClause}
            """).With("@id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Reading the rows is what takes the locks.
        }
    }

    /// <summary>
    /// Bumps the version of every resource that shows this one through membership: the groups that hold it
    /// (<c>members[].display</c>) and, for a group, the users in it directly or through nested groups (<c>groups</c>).
    /// Used when its display name changes or it is deleted; the cost follows its memberships.
    /// </summary>
    public async Task TouchRelatedAsync(string id, object now, CancellationToken cancellationToken)
    {
        await using (var bump = Command(BumpSql + " AND id IN (SELECT group_id FROM group_members WHERE tenant_id = @tenant AND member_id = @id)"))
        {
            await bump.With("@now", now).With("@id", id).ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var bump = InClause(BumpUsersBelowSql, [id]))
        {
            await bump.With("@now", now).ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Takes a deleted resource out of every group and empties it if it is a group. Returns the rows removed: the groups
    /// it was in (with their display names, for the events) and, for a group, its members.
    /// </summary>
    public async Task<(List<(string GroupId, string? Display, string MemberType)> Groups, List<(string Id, string Type)> Members)> RemoveEverywhereAsync(string id, CancellationToken cancellationToken)
    {
        var groups = new List<(string, string?, string)>();
        await using (var select = Command("""
            SELECT m.group_id, r.display, m.member_type
              FROM group_members m JOIN resources r ON r.tenant_id = m.tenant_id AND r.id = m.group_id
             WHERE m.tenant_id = @tenant AND m.member_id = @id
             ORDER BY m.group_id
            """).With("@id", id))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                groups.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
            }
        }
        var members = new List<(string, string)>();
        await using (var delete = Command("DELETE FROM group_members WHERE tenant_id = @tenant AND group_id = @id RETURNING member_id, member_type").With("@id", id))
        {
            await ReadIdsAsync(delete, members, cancellationToken);
        }
        await using (var delete = Command("DELETE FROM group_members WHERE tenant_id = @tenant AND member_id = @id").With("@id", id))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        members.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return (groups, members);
    }

    /// <summary>
    /// The direct groups of the users in <c>{0}</c> as <see cref="GroupsOfSql"/> shows them, and for each whether it sits
    /// in another group: when none does, they are all the users' groups, read without climbing.
    /// </summary>
    private const string DirectGroupsOfSql = """
        SELECT m.member_id, m.group_id, 'direct', r.display,
               EXISTS (SELECT 1 FROM group_members up WHERE up.tenant_id = @tenant AND up.member_id = m.group_id)
          FROM (SELECT member_id, group_id FROM group_members
                 WHERE tenant_id = @tenant AND member_id IN ({0}) LIMIT @limit) m
          JOIN resources r ON r.tenant_id = @tenant AND r.id = m.group_id
         ORDER BY m.member_id, m.group_id
        """;

    /// <summary>
    /// The groups of these users, or null past <paramref name="allowance"/>. Most users are in no nested group: their
    /// direct groups are then the whole answer, and the climb (<see cref="GroupsOfSql"/>), whose recursion, grouping and
    /// sort cost SQLite temporary tables on every read (a lookup's server time grew by two thirds with it), is skipped.
    /// </summary>
    private async Task<Dictionary<string, JsonArray>?> ReadGroupsOfUsersAsync(List<ScimResource> users, long allowance, CancellationToken cancellationToken)
    {
        var nested = false;
        var direct = await ReadListsAsync(users, DirectGroupsOfSql, allowance, cancellationToken, row => nested |= row.GetBoolean(4));
        return direct is not null && nested ? await ReadListsAsync(users, GroupsOfSql, allowance, cancellationToken) : direct;
    }

    /// <summary>
    /// The entries of each owner, or null when they are more than <paramref name="allowance"/> in all;
    /// <paramref name="inspect"/> sees each row read.
    /// </summary>
    private async Task<Dictionary<string, JsonArray>?> ReadListsAsync(List<ScimResource> owners, string sql, long allowance, CancellationToken cancellationToken, Action<DbDataReader>? inspect = null)
    {
        var lists = owners.ToDictionary(r => r.Id, _ => new JsonArray(), StringComparer.Ordinal);
        long read = 0;
        foreach (var batch in lists.Keys.Chunk(BatchSize))
        {
            await using var select = InClause(sql, batch).With("@limit", allowance - read + 1);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (++read > allowance)
                {
                    return null;
                }
                inspect?.Invoke(reader);
                lists[reader.GetString(0)].Add(Entry(reader.GetString(1), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(2)));
            }
        }
        return lists;
    }

    /// <summary>One entry of <c>members</c> or <c>groups</c>, its attributes in the order they are shown.</summary>
    public static JsonObject Entry(string value, string? display, string type)
    {
        var entry = new JsonObject { ["value"] = value };
        if (display is not null)
        {
            entry["display"] = display;
        }
        entry["type"] = type;
        return entry;
    }

    private static void Assign(List<ScimResource> owners, string attribute, Dictionary<string, JsonArray> lists)
    {
        foreach (var owner in owners)
        {
            var list = lists[owner.Id];
            if (list.Count > 0)
            {
                owner.Attributes[attribute] = list;
            }
        }
    }

    private DbCommand Command(string sql) => connection.CreateCommand(transaction, sql).With("@tenant", tenantId);

    private DbCommand InClause(string sqlWithPlaceholder, string[] ids)
    {
        var command = Command(InClauseSql(sqlWithPlaceholder, ids.Length));
        for (var i = 0; i < ids.Length; i++)
        {
            command.With(IdParameters[i], ids[i]);
        }
        return command;
    }

    /// <summary>The names <c>@id0</c>… of an IN list's parameters, made once.</summary>
    private static readonly string[] IdParameters = [.. Enumerable.Range(0, BatchSize).Select(i => $"@id{i}")];

    /// <summary>
    /// The SQL of the short IN lists that every lookup and single read sends (a user's groups), made once per statement
    /// and length: they are a few constant statements, while a long list's text is built for its one use.
    /// </summary>
    private static readonly ConcurrentDictionary<(string Sql, int Count), string> ShortInClauses = new();

    private const int ShortInClause = 4;

    private static string InClauseSql(string sqlWithPlaceholder, int count)
    {
        static string Build(string sql, int count) => string.Format(CultureInfo.InvariantCulture, sql, string.Join(", ", IdParameters.Take(count)));
        return count <= ShortInClause
            ? ShortInClauses.GetOrAdd((sqlWithPlaceholder, count), key => Build(key.Sql, key.Count))
            : Build(sqlWithPlaceholder, count);
    }
}
