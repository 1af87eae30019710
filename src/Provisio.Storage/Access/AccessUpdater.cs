using System.Data.Common;
using Provisio.Scim.Errors;
using Provisio.Storage.Events;
using Provisio.Storage.Sql;
using Provisio.Storage.Tenancy;

namespace Provisio.Storage.Access;

/// <summary>
/// Keeps <c>user_access</c> right in the transaction of a write: the write names the users it may have changed
/// (<see cref="Touch"/>, <see cref="TouchGroupAsync"/>), and before the commit <see cref="ApplyAsync"/> computes their
/// access again, writes the difference, records <c>role.granted</c>/<c>role.revoked</c>/<c>workspace.joined</c>/
/// <c>workspace.left</c>, and guards protected roles. A tenant without mappings pays one indexed read.
/// </summary>
internal sealed class AccessUpdater(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, string tenantId, TenantSettings settings)
{
    /// <summary>
    /// Users a write may change the access of in its own transaction. Past this (deleting or renaming a group of
    /// 100,000, nesting one into another) the write only asks for the tenant's recomputation, which the background job
    /// does in batches with the events, so the IdP gets its answer at once.
    /// </summary>
    public const int MaxUsersInWrite = 2_000;

    private bool deferred;

    private readonly AccessQueries queries = new(connection, transaction, dialect, tenantId);
    private readonly HashSet<string> users = new(StringComparer.Ordinal);

    /// <summary>Display names of touched groups, read before a delete takes their rows, so events can still name them.</summary>
    private readonly Dictionary<string, string?> touchedGroups = new(StringComparer.Ordinal);

    public void Touch(string userId)
    {
        users.Add(userId);
        deferred |= users.Count > MaxUsersInWrite;
    }

    /// <summary>Touches every user under a group (through nesting too); call it before the group's rows change.</summary>
    public async Task TouchGroupAsync(string groupId, CancellationToken cancellationToken)
    {
        if (deferred)
        {
            return;
        }
        users.UnionWith(await queries.UsersUnderAsync(groupId, MaxUsersInWrite + 1, cancellationToken));
        deferred = users.Count > MaxUsersInWrite;
        foreach (var (id, display) in await queries.DisplaysAsync([groupId], cancellationToken))
        {
            touchedGroups[id] = display;
        }
    }

    /// <summary>
    /// Computes the touched users' access again and records what changed. <paramref name="recomputation"/> is the
    /// background job after an admin changed the configuration: it also takes away what mappings since removed had
    /// granted, and never refuses (an admin's change is not a SCIM write): a protected role left without holders is
    /// reported with its event whatever the tenant's policy.
    /// </summary>
    /// <returns>How many users' access changed.</returns>
    public async Task<int> ApplyAsync(ChangeRecorder recorder, CancellationToken cancellationToken, bool recomputation = false)
    {
        if (users.Count == 0)
        {
            return 0;
        }
        if (deferred && !recomputation)
        {
            // Too many users for this transaction: the recomputation job takes them (a protected role it leaves without
            // holders is reported with its event, as for an admin's change, not refused).
            await AccessReconciliations.RequestAsync(dialect, connection, transaction, tenantId, recorder.Time, cancellationToken);
            return 0;
        }
        var mappings = await queries.MappingsAsync(cancellationToken);
        if (mappings.Count == 0 && !recomputation)
        {
            // Nothing grants access. What users held under mappings since removed is taken away by the recomputation
            // that removing them requested (access_reconciliations), not by whichever write comes next.
            return 0;
        }
        var held = await queries.HeldAsync(users, cancellationToken);
        var state = mappings.Count == 0 ? [] : await queries.GroupsOfAsync(users, cancellationToken);
        var changes = new List<(string User, HashSet<AccessGrant> Before, HashSet<AccessGrant> After)>();
        foreach (var user in users.Order(StringComparer.Ordinal))
        {
            var before = held.TryGetValue(user, out var rows) ? rows.ToHashSet() : [];
            var after = state.TryGetValue(user, out var groups) ? AccessRules.Grants(groups, mappings, settings) : [];
            if (!before.SetEquals(after))
            {
                changes.Add((user, before, after));
            }
        }
        if (changes.Count == 0)
        {
            return 0;
        }
        await queries.WriteAsync(
            [.. changes.SelectMany(c => c.Before.Except(c.After).Select(g => (c.User, g)))],
            [.. changes.SelectMany(c => c.After.Except(c.Before).Select(g => (c.User, g)))],
            cancellationToken);
        var displays = await queries.DisplaysAsync([.. changes.SelectMany(c => c.Before.Concat(c.After)).Select(g => g.GroupId).Distinct()], cancellationToken);
        foreach (var (id, display) in touchedGroups)
        {
            displays.TryAdd(id, display);
        }
        var revoked = new List<(string User, AccessGrant Grant)>();
        foreach (var (user, before, after) in changes)
        {
            foreach (var (grant, type) in Effective(before, after))
            {
                recorder.Access(type, user, AccessEventData.Write(user, grant, displays.GetValueOrDefault(grant.GroupId)));
                if (type == EventTypes.RoleRevoked)
                {
                    revoked.Add((user, grant));
                }
            }
        }
        await GuardAsync(revoked, displays, recorder, refuse: !recomputation && settings.ProtectedRolePolicy == ProtectedRolePolicy.Refuse, cancellationToken);
        return changes.Count;
    }

    /// <summary>
    /// The changes of effective access: a role or workspace the user gains or loses altogether (one still granted
    /// through another group is no change), with the group that caused it.
    /// </summary>
    private static IEnumerable<(AccessGrant Grant, string Type)> Effective(HashSet<AccessGrant> before, HashSet<AccessGrant> after)
    {
        static Dictionary<(AccessKind, string), AccessGrant> ByName(HashSet<AccessGrant> grants) => grants
            .OrderBy(g => g.GroupId, StringComparer.Ordinal)
            .GroupBy(g => (g.Kind, g.Name)).ToDictionary(g => g.Key, g => g.First());
        var had = ByName(before);
        var has = ByName(after);
        foreach (var (key, grant) in had.Where(h => !has.ContainsKey(h.Key)).OrderBy(h => h.Key.Item1).ThenBy(h => h.Key.Item2, StringComparer.Ordinal))
        {
            yield return (grant, key.Item1 == AccessKind.Role ? EventTypes.RoleRevoked : EventTypes.WorkspaceLeft);
        }
        foreach (var (key, grant) in has.Where(h => !had.ContainsKey(h.Key)).OrderBy(h => h.Key.Item1).ThenBy(h => h.Key.Item2, StringComparer.Ordinal))
        {
            yield return (grant, key.Item1 == AccessKind.Role ? EventTypes.RoleGranted : EventTypes.WorkspaceJoined);
        }
    }

    /// <summary>
    /// A protected role that this write leaves without an active holder: refused (the transaction rolls back), or let
    /// through with an <c>access.protected_role_orphaned</c> event, as the tenant chose. The role's row is locked first,
    /// so two writes that each take away one of the last two holders cannot both pass.
    /// </summary>
    private async Task GuardAsync(List<(string User, AccessGrant Grant)> revoked, Dictionary<string, string?> displays, ChangeRecorder recorder, bool refuse, CancellationToken cancellationToken)
    {
        if (revoked.Count == 0)
        {
            return;
        }
        foreach (var role in await queries.LockProtectedAsync(revoked.Select(r => r.Grant.Name), cancellationToken))
        {
            if (await queries.HoldersAsync(role, cancellationToken) > 0)
            {
                continue;
            }
            var (user, grant) = revoked.First(r => r.Grant.Name == role);
            if (refuse)
            {
                var group = displays.GetValueOrDefault(grant.GroupId) ?? grant.GroupId;
                throw ScimException.BadRequest(ScimErrorType.InvalidValue,
                    $"This change would leave no active user with the protected role '{role}': user '{user}' is its last holder "
                    + $"(through group '{group}'). Give the role to another active user first (add them to a group mapped to "
                    + $"'{role}'), then repeat this change; nothing was changed.");
            }
            recorder.Access(EventTypes.ProtectedRoleOrphaned, user, AccessEventData.Write(user, grant, displays.GetValueOrDefault(grant.GroupId)));
        }
    }
}
