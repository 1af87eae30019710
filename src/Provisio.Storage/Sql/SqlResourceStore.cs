using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Patching;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage.Access;
using Provisio.Storage.Events;
using Provisio.Storage.Membership;
using Provisio.Storage.Tenancy;

namespace Provisio.Storage.Sql;

/// <summary>
/// <see cref="IResourceStore"/> over any <see cref="ISqlDialect"/>: one row per resource with promoted, indexed keys
/// and the document as JSON; group members as rows of their own.
/// </summary>
public sealed class SqlResourceStore(ISqlDialect dialect, TimeProvider time, ITenantSettingsStore settings, EventSignal signal) : IResourceStore
{
    private readonly ResourceListReader lists = new(dialect, time);

    private const int MaxWriteAttempts = 3;

    public Task<WrittenResource> CreateAsync(string tenantId, ResourceChange resource, ReadOptions read, WriteContext context, CancellationToken cancellationToken) =>
        RetryDeadlocksAsync(() => CreateOnceAsync(tenantId, resource, read, context, cancellationToken));

    private async Task<WrittenResource> CreateOnceAsync(string tenantId, ResourceChange resource, ReadOptions read, WriteContext context, CancellationToken cancellationToken)
    {
        var (document, members) = MembershipRows.Split(resource);
        var now = Now();
        var tenantSettings = await settings.GetAsync(tenantId, cancellationToken);
        var recorder = new ChangeRecorder(tenantId, context, tenantSettings, now);
        var created = new ScimResource(Guid.NewGuid().ToString(), resource.ResourceType, document, new ResourceMeta(now, now, 1));
        var keys = ResourceKeys.From(created.ResourceType, created.Attributes);
        // Rendered before the write lock is taken: SQLite has one writer, and JSON work under it slows every writer.
        recorder.Created(created);
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        var membership = new MembershipRows(connection, transaction, tenantId);
        await using (var writes = new StatementBatch(connection, transaction, dialect))
        {
            AddKeys(writes.Add($"""
                INSERT INTO resources (tenant_id, resource_type, id, user_name, display_name, display, external_id, active,
                                       version, created, last_modified, document, password_hash, unique_external_id)
                VALUES (@tenant, @type, @id, @userName, @displayName, @display, @externalId, @active,
                        1, @created, @created, {dialect.JsonParameter("@document")}, @password, @uniqueExternalId)
                """), tenantId, created, keys, tenantSettings)
                .With("@type", created.ResourceType)
                .With("@password", resource.PasswordHash)
                .With("@created", dialect.ToDbTime(now));
            AddValues(writes, tenantId, created.Id, keys, replace: false);
            ResourceCounts.Add(writes, tenantId, created.ResourceType, +1);
            // The row, its e-mail values and its count: one round trip on PostgreSQL.
            await writes.ExecuteWithUniquenessAsync(dialect, cancellationToken);
        }
        if (members is not null)
        {
            var delta = await ApplyMembershipAsync(membership, created.Id, members, now, cancellationToken);
            recorder.MembersAdded(created.Id, keys.Display, delta.Added);
            var access = new AccessUpdater(connection, transaction, dialect, tenantId, tenantSettings);
            await TouchMembersAsync(access, delta, cancellationToken);
            await access.ApplyAsync(recorder, cancellationToken);
        }
        // A user just created belongs to no group yet: only a new group's members are read back.
        return await CommitAsync(connection, transaction, recorder, 201, membership, created,
            members is not null && read.IncludeMembership ? int.MaxValue : null, cancellationToken);
    }

    public async Task<FoundResource?> GetAsync(string tenantId, string resourceType, string id, ReadOptions options, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        // Where a statement is a round trip, a user's groups and a small group's members ride with the row (one trip, as a
        // lookup's do); otherwise they are streamed.
        var carried = (ICarriedMembership?)CarriedGroups.ForOne(dialect, resourceType, options) ?? CarriedMembers.ForOne(dialect, resourceType, options);
        var resource = await ReadOneAsync(connection, null, tenantId, resourceType, id, lockRow: false, cancellationToken, carried);
        if (resource is null || !options.IncludeMembership)
        {
            return resource is null ? null : new FoundResource(resource);
        }
        if (carried?.WholeFor(resource.Id, options.MembershipLimit) is not { } list)
        {
            return new FoundResource(resource, MembershipOmitted: true);
        }
        if (list.Count > 0)
        {
            resource.Attributes[carried.Attribute] = list;
        }
        return new FoundResource(resource);
    }

    public Task<WrittenResource> UpdateAsync(string tenantId, string resourceType, string id, Func<ScimResource, ResourceChange> change, ReadOptions read, string? ifMatch, WriteContext context, CancellationToken cancellationToken) =>
        RetryDeadlocksAsync(() => UpdateOnceAsync(tenantId, resourceType, id, change, read, ifMatch, context, cancellationToken));

    private async Task<WrittenResource> UpdateOnceAsync(string tenantId, string resourceType, string id, Func<ScimResource, ResourceChange> change, ReadOptions read, string? ifMatch, WriteContext context, CancellationToken cancellationToken)
    {
        var tenantSettings = await settings.GetAsync(tenantId, cancellationToken);
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        var current = await ReadOneAsync(connection, transaction, tenantId, resourceType, id, lockRow: true, cancellationToken)
            ?? throw NotFound(resourceType, id);
        CheckPrecondition(ifMatch, current.Meta.ETag);
        var requested = change(current);
        var (document, members) = MembershipRows.Split(requested);
        var membership = new MembershipRows(connection, transaction, tenantId);
        var now = Now();
        var recorder = new ChangeRecorder(tenantId, context, tenantSettings, now);
        recorder.Target(resourceType, id);
        var delta = members is null ? null : await ApplyMembershipAsync(membership, id, members, now, cancellationToken);
        var passwordChanged = requested.PasswordHash is not null;
        // After a PATCH of its members a large group is not sent back whole; after any other write it is.
        var membershipLimit = requested.Membership is { Count: > 0 } ? read.MembershipLimit : int.MaxValue;
        if (delta?.Any != true && !passwordChanged && JsonNode.DeepEquals(current.Attributes, document))
        {
            // Nothing changed: no event, and the version (ETag) stays; the request is still audited.
            return await CommitAsync(connection, transaction, recorder, 200, membership, current, read.IncludeMembership ? membershipLimit : null, cancellationToken);
        }
        var updated = current with
        {
            Attributes = document,
            Meta = current.Meta with { LastModified = now, Version = current.Meta.Version + 1 },
        };
        var keys = ResourceKeys.From(updated.ResourceType, updated.Attributes);
        var previousKeys = ResourceKeys.From(current.ResourceType, current.Attributes);
        await using (var writes = new StatementBatch(connection, transaction, dialect))
        {
            ResourceUpdate.Add(writes, dialect, tenantId, updated, previousKeys, keys, UniqueExternalId(tenantSettings, resourceType, keys), requested.PasswordHash);
            if (!previousKeys.Values.SequenceEqual(keys.Values))
            {
                // Most updates (a deactivation, a title) leave the emails alone: their rows are rewritten only when they change.
                AddValues(writes, tenantId, updated.Id, keys, replace: true);
            }
            await writes.ExecuteWithUniquenessAsync(dialect, cancellationToken);
        }
        if (previousKeys.Display != keys.Display)
        {
            // The display name is shown by the groups that hold this resource and, for a group, by its users' groups.
            await membership.TouchRelatedAsync(id, dialect.ToDbTime(now), cancellationToken);
        }
        recorder.Updated(current, updated, passwordChanged);
        var access = new AccessUpdater(connection, transaction, dialect, tenantId, tenantSettings);
        if (delta is not null)
        {
            recorder.MembersAdded(id, keys.Display, delta.Added);
            recorder.MembersRemoved(id, keys.Display, delta.Removed);
            await TouchMembersAsync(access, delta, cancellationToken);
        }
        if (resourceType == ResourceTypeNames.User && previousKeys.Active != keys.Active)
        {
            access.Touch(id);
        }
        else if (resourceType == ResourceTypeNames.Group && previousKeys.Display != keys.Display)
        {
            // Mappings and the allowlist may name the group: its users' access follows its new name.
            await access.TouchGroupAsync(id, cancellationToken);
        }
        await access.ApplyAsync(recorder, cancellationToken);
        return await CommitAsync(connection, transaction, recorder, 200, membership, updated, read.IncludeMembership ? membershipLimit : null, cancellationToken);
    }

    public Task<bool> DeleteAsync(string tenantId, string resourceType, string id, string? ifMatch, WriteContext context, CancellationToken cancellationToken) =>
        RetryDeadlocksAsync(() => DeleteOnceAsync(tenantId, resourceType, id, ifMatch, context, cancellationToken));

    private async Task<bool> DeleteOnceAsync(string tenantId, string resourceType, string id, string? ifMatch, WriteContext context, CancellationToken cancellationToken)
    {
        var tenantSettings = await settings.GetAsync(tenantId, cancellationToken);
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        var membership = new MembershipRows(connection, transaction, tenantId);
        await membership.LockGroupsOfAsync(id, dialect.LockForUpdate, cancellationToken);
        var current = await ReadOneAsync(connection, transaction, tenantId, resourceType, id, lockRow: true, cancellationToken);
        if (current is null)
        {
            return false;
        }
        CheckPrecondition(ifMatch, current.Meta.ETag);
        var now = Now();
        var recorder = new ChangeRecorder(tenantId, context, tenantSettings, now);
        var isGroup = resourceType == ResourceTypeNames.Group;
        if (!isGroup)
        {
            // The leaver's own event comes first; a group's comes after its members left it, so it ends empty.
            recorder.Deleted(current);
        }
        // A soft-deleted user waits in deleted_resources with its memberships, until purged; a group never does.
        var soft = resourceType == ResourceTypeNames.User && tenantSettings.DeleteMode == DeleteMode.Soft;
        if (soft)
        {
            await Tombstones.KeepAsync(connection, transaction, dialect, tenantId, id, now, cancellationToken);
        }
        // The users whose access may follow this resource, read before its rows go.
        var access = new AccessUpdater(connection, transaction, dialect, tenantId, tenantSettings);
        if (isGroup)
        {
            await access.TouchGroupAsync(id, cancellationToken);
        }
        else
        {
            access.Touch(id);
        }
        // Its groups lose a member and, for a group, its users lose a group: their versions change with it.
        await membership.TouchRelatedAsync(id, dialect.ToDbTime(now), cancellationToken);
        var displayName = ResourceKeys.From(current.ResourceType, current.Attributes).Display;
        // A large group's members leave it here, but their events (and the group's) come from the background job.
        var later = isGroup && await membership.HasMoreThanAsync(id, GroupDeletions.MembersInWrite, cancellationToken);
        if (later)
        {
            var (count, firstIds) = await GroupDeletions.DeferAsync(connection, transaction, dialect, tenantId, id, displayName, context, now,
                recorder.DeletedLater(current), cancellationToken);
            recorder.MembersRemovedLater(count, firstIds);
        }
        var (groups, members) = await membership.RemoveEverywhereAsync(id, cancellationToken);
        foreach (var (groupId, display, memberType) in groups)
        {
            recorder.MembersRemoved(groupId, display, [(id, memberType)]);
        }
        recorder.MembersRemoved(id, displayName, members);
        if (isGroup && !later)
        {
            recorder.Deleted(current);
        }
        await using (var writes = new StatementBatch(connection, transaction, dialect))
        {
            AddValuesRemoval(writes, tenantId, id);
            writes.Add("DELETE FROM resources WHERE tenant_id = @tenant AND id = @id").With("@tenant", tenantId).With("@id", id);
            ResourceCounts.Add(writes, tenantId, resourceType, -1);
            await writes.ExecuteAsync(cancellationToken);
        }
        if (resourceType == ResourceTypeNames.User && !soft)
        {
            recorder.Purged(resourceType, id);
        }
        await access.ApplyAsync(recorder, cancellationToken);
        await CommitAsync(connection, transaction, recorder, 204, cancellationToken);
        return true;
    }

    public async Task<int> PurgeDeletedAsync(string tenantId, DateTimeOffset deletedBefore, int limit, CancellationToken cancellationToken)
    {
        var tenantSettings = await settings.GetAsync(tenantId, cancellationToken);
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        var recorder = new ChangeRecorder(tenantId, WriteContext.Background("purge"), tenantSettings, Now());
        var purged = await Tombstones.PurgeAsync(connection, transaction, dialect, tenantId, dialect.ToDbTime(deletedBefore), limit, cancellationToken);
        foreach (var (type, id) in purged)
        {
            recorder.Purged(type, id);
        }
        if (purged.Count == 0)
        {
            return 0;
        }
        await CommitAsync(connection, transaction, recorder, 204, cancellationToken);
        return purged.Count;
    }

    /// <summary>Touches the users a membership change reaches: the users added or removed, and every user under a group added or removed.</summary>
    private static async Task TouchMembersAsync(AccessUpdater access, MembershipDelta delta, CancellationToken cancellationToken)
    {
        foreach (var (memberId, memberType) in delta.Added.Concat(delta.Removed))
        {
            if (memberType == ResourceTypeNames.Group)
            {
                await access.TouchGroupAsync(memberId, cancellationToken);
            }
            else
            {
                access.Touch(memberId);
            }
        }
    }

    /// <summary>
    /// Writes the transaction's events and audit row, reads the written resource's membership back when
    /// <paramref name="membershipLimit"/> is set (in this transaction, so the response shows what commits and needs no
    /// other connection; past the limit without it, <see cref="WrittenResource.MembershipOmitted"/>, having read at most
    /// that many), commits, and wakes this process's event workers. The read comes after the events and the audit row
    /// are written, so the membership is added to the document in place: neither sees it.
    /// </summary>
    private async Task<WrittenResource> CommitAsync(DbConnection connection, DbTransaction transaction, ChangeRecorder recorder, int status, MembershipRows membership, ScimResource resource, int? membershipLimit, CancellationToken cancellationToken)
    {
        // Read before the events are written: from then on the tenant's sequence row is locked until the commit.
        var omitted = membershipLimit is { } limit && !await AttachWithinAsync(membership, resource, limit, cancellationToken);
        await recorder.WriteAsync(connection, transaction, dialect, status, cancellationToken);
        await CommitWrittenAsync(transaction, recorder, cancellationToken);
        return new WrittenResource(resource, omitted);
    }

    /// <summary>
    /// Attaches the membership unless a group holds more than <paramref name="limit"/> members. Counting first walks at
    /// most limit + 1 index entries; reading an over-full group would look up each of those members' display only to
    /// drop them (6 of 17 ms of a 100-member add to a 5,000-member group).
    /// </summary>
    private static async Task<bool> AttachWithinAsync(MembershipRows membership, ScimResource resource, int limit, CancellationToken cancellationToken)
    {
        if (resource.ResourceType == ResourceTypeNames.Group && limit < int.MaxValue && await membership.HasMoreThanAsync(resource.Id, limit, cancellationToken))
        {
            return false;
        }
        return await membership.AttachAsync([resource], limit, cancellationToken);
    }

    /// <summary>Writes the transaction's events and audit row, commits, and wakes this process's event workers.</summary>
    private async Task CommitAsync(DbConnection connection, DbTransaction transaction, ChangeRecorder recorder, int status, CancellationToken cancellationToken)
    {
        await recorder.WriteAsync(connection, transaction, dialect, status, cancellationToken);
        await CommitWrittenAsync(transaction, recorder, cancellationToken);
    }

    private async Task CommitWrittenAsync(DbTransaction transaction, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        await transaction.CommitAsync(cancellationToken);
        if (recorder.HasEvents)
        {
            signal.Notify(recorder.TenantId, recorder.EventCount);
        }
    }

    public Task<ResourcePage> ListAsync(string tenantId, ListQuery query, CancellationToken cancellationToken) =>
        lists.ListAsync(tenantId, query, cancellationToken);

    public async IAsyncEnumerable<GroupMember> ReadMembersAsync(string tenantId, string groupId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await foreach (var member in new MembershipRows(connection, null, tenantId).StreamAsync(groupId, cancellationToken))
        {
            yield return member;
        }
    }

    /// <summary>
    /// Runs a write transaction again when the database aborted it to break a lock cycle: writes lock a group before
    /// its members, but a rename or deletion locks a member before the groups that show it, and may cross a PATCH.
    /// </summary>
    private async Task<T> RetryDeadlocksAsync<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (DbException exception) when (attempt < MaxWriteAttempts && dialect.IsDeadlock(exception))
            {
                // Rolled back with nothing written; the next attempt reads the state the other writer committed.
            }
        }
    }

    private async Task<MembershipDelta> ApplyMembershipAsync(MembershipRows membership, string groupId, IReadOnlyList<MembershipOperation> members, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await membership.ApplyAsync(groupId, members, dialect.ToDbTime(now), dialect, cancellationToken);
        }
        catch (DbException exception) when (dialect.IsForeignKeyViolation(exception))
        {
            // The member existed when it was resolved and was deleted before the row could reference it.
            throw ScimException.BadRequest(ScimErrorType.InvalidValue, "A member was deleted while it was being added: it is not a User or Group of this tenant.");
        }
    }

    public async IAsyncEnumerable<GroupMember> ReadGroupsOfAsync(string tenantId, string userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await foreach (var group in new MembershipRows(connection, null, tenantId).StreamGroupsOfAsync(userId, cancellationToken))
        {
            yield return group;
        }
    }

    /// <summary>RFC 7644 §3.14: a write conditioned on a version that is no longer current fails with 412.</summary>
    private static void CheckPrecondition(string? ifMatch, string etag)
    {
        if (ifMatch is not null && !EntityTag.Matches(ifMatch, etag))
        {
            throw new ScimException(412, null, $"The resource has changed: its version is now {etag}, not {ifMatch}.");
        }
    }

    internal static ScimException NotFound(string resourceType, string id) =>
        ScimException.NotFound($"{resourceType} '{id}' not found.");

    /// <summary>
    /// Reads a resource of this type by id, or null; with <paramref name="carried"/>, its membership too, in the same
    /// statement (read only when the row is of the type asked for).
    /// </summary>
    private async Task<ScimResource?> ReadOneAsync(DbConnection connection, DbTransaction? transaction, string tenantId, string resourceType, string id, bool lockRow, CancellationToken cancellationToken, ICarriedMembership? carried = null)
    {
        if (id.Contains('\0', StringComparison.Ordinal))
        {
            // No id holds a NUL, and PostgreSQL refuses one even as a parameter.
            return null;
        }
        // The id is the tenant's key, so the type is checked on the row read rather than written into the condition,
        // where PostgreSQL without statistics would take the (tenant, type) order index for it (docs/performance.md, eleventh step).
        var sql = $"SELECT {ResourceRows.Columns}{carried?.ColumnAfterComma("@most")} FROM resources r WHERE r.tenant_id = @tenant AND r.id = @id"
            + (lockRow ? dialect.LockForUpdate : "");
        await using var select = connection.CreateCommand(transaction, sql);
        select.With("@tenant", tenantId).With("@id", id);
        if (carried is not null)
        {
            select.With("@most", (long)carried.PerRow + 1);
        }
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.GetString(1) != resourceType)
        {
            return null;
        }
        var resource = ResourceRows.Read(reader, dialect);
        carried?.Read(reader, ResourceRows.ColumnCount, resource);
        return resource;
    }

    /// <summary>Times are kept to the millisecond, as they are shown, so a filter on a shown meta time matches it exactly.</summary>
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
    }

    private DbCommand AddKeys(DbCommand command, string tenantId, ScimResource resource, ResourceKeys keys, TenantSettings tenantSettings) =>
        command
            .With("@uniqueExternalId", UniqueExternalId(tenantSettings, resource.ResourceType, keys))
            .With("@tenant", tenantId)
            .With("@id", resource.Id)
            .With("@userName", keys.UserName)
            .With("@displayName", keys.DisplayName)
            .With("@display", keys.Display)
            .With("@externalId", keys.ExternalId)
            .With("@active", keys.Active is { } active ? dialect.ToDbBoolean(active) : null)
            .With("@document", resource.Attributes.ToJsonString());

    /// <summary>A user's externalId while the tenant asks for it to be unique (its unique index then refuses a second user with it); else null.</summary>
    private static string? UniqueExternalId(TenantSettings tenantSettings, string resourceType, ResourceKeys keys) =>
        tenantSettings.ExternalIdUnique && resourceType == ResourceTypeNames.User ? keys.ExternalId : null;

    /// <summary>Adds the statements that write the resource's indexed values (e-mails…), after removing the old ones when <paramref name="replace"/>.</summary>
    private void AddValues(StatementBatch writes, string tenantId, string resourceId, ResourceKeys keys, bool replace)
    {
        if (replace)
        {
            AddValuesRemoval(writes, tenantId, resourceId);
        }
        // One INSERT for all of them: a batch that ran one per value would hold the same statement twice for a user with
        // two e-mails, and SQLite keeps only one of them prepared.
        foreach (var chunk in keys.Values.Chunk(dialect.RowsPerStatement(ParametersPerValue, ValuesPerInsert)))
        {
            var insert = writes.Add(ValuesInsert.GetOrAdd(chunk.Length, static rows => $"""
                INSERT INTO resource_values (tenant_id, resource_id, attribute, qualifier, value)
                VALUES {string.Join(", ", Enumerable.Range(0, rows).Select(i => $"(@tenant, @id, @attribute{i}, @qualifier{i}, @value{i})"))}
                """));
            insert.With("@tenant", tenantId).With("@id", resourceId);
            for (var i = 0; i < chunk.Length; i++)
            {
                var (attribute, qualifier, value) = chunk[i];
                insert.With($"@attribute{i}", attribute).With($"@qualifier{i}", qualifier).With($"@value{i}", value);
            }
        }
    }

    private static void AddValuesRemoval(StatementBatch writes, string tenantId, string resourceId) =>
        writes.Add("DELETE FROM resource_values WHERE tenant_id = @tenant AND resource_id = @id").With("@tenant", tenantId).With("@id", resourceId);

    /// <summary>Parameters of each row of a values INSERT.</summary>
    private const int ParametersPerValue = 3;

    /// <summary>Rows per values INSERT at most; fewer where the dialect binds fewer parameters to a statement.</summary>
    private const int ValuesPerInsert = 50;

    private static readonly ConcurrentDictionary<int, string> ValuesInsert = new();
}
