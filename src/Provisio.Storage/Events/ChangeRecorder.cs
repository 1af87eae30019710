using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage.Audit;
using Provisio.Storage.Sql;
using Provisio.Storage.Tenancy;

namespace Provisio.Storage.Events;

/// <summary>
/// Collects what one write transaction changed (events, and the before/after for its audit row) and writes it all
/// just before the commit: the audit row, then the events with the tenant's next sequence numbers. The sequence row
/// is the last lock the transaction takes, so writers of one tenant hold it only for their last statements, and
/// events become visible in sequence order (a feed cursor never passes an event that commits later).
/// </summary>
internal sealed class ChangeRecorder(string tenantId, WriteContext context, TenantSettings settings, DateTimeOffset now)
{
    /// <summary>Member ids listed in an audit row at most; the counts are always exact.</summary>
    public const int AuditedMemberIds = 100;

    /// <summary>Rows per INSERT of events at most; fewer where the dialect binds fewer parameters to a statement.</summary>
    private const int InsertBatch = 200;

    /// <summary>Parameters of each row of the events INSERT.</summary>
    private const int ParametersPerRow = 7;

    private readonly List<PendingEvent> events = [];
    private readonly List<(string Name, JsonNode? Before, JsonNode? After)> changes = [];
    private readonly List<(string Type, string DataJson)> accessChanges = [];
    private bool passwordSet;
    private readonly List<string> added = [];
    private readonly List<string> removed = [];
    private int addedCount;
    private int removedCount;
    private string? resourceType;
    private string? resourceId;

    public IReadOnlyList<string> Sensitive => settings.SensitiveAttributes;

    public bool HasEvents => events.Count > 0;

    public int EventCount => events.Count;

    public string TenantId => tenantId;

    /// <summary>The time of the write.</summary>
    public DateTimeOffset Time => now;

    public void Created(ScimResource created)
    {
        Target(created.ResourceType, created.Id);
        Add(created.ResourceType == ResourceTypeNames.Group ? EventTypes.GroupCreated : EventTypes.UserCreated, created);
        Audit([], Shown(created));
    }

    /// <summary>A resource whose document changed (or whose password was set): user.updated, user.deactivated… as they apply.</summary>
    public void Updated(ScimResource before, ScimResource after, bool passwordChanged)
    {
        Target(after.ResourceType, after.Id);
        var changed = Audit(Shown(before), Shown(after));
        passwordSet = passwordChanged;
        if (after.ResourceType == ResourceTypeNames.Group)
        {
            if (changed.Count > 0)
            {
                Add(EventTypes.GroupUpdated, after, changed);
            }
            return;
        }
        // A flip of active is its own event, the one that ends a leaver's sessions; user.updated carries the rest.
        var wasActive = Active(before);
        var isActive = Active(after);
        var others = changed.Where(n => n != "active").ToList();
        if (others.Count > 0)
        {
            Add(EventTypes.UserUpdated, after, others);
        }
        if (wasActive != false && isActive == false)
        {
            Add(EventTypes.UserDeactivated, after);
        }
        else if (wasActive == false && isActive == true)
        {
            Add(EventTypes.UserReactivated, after);
        }
        if (passwordChanged)
        {
            Add(EventTypes.UserPasswordChanged, after);
        }
    }

    public void Deleted(ScimResource before)
    {
        Target(before.ResourceType, before.Id);
        Add(before.ResourceType == ResourceTypeNames.Group ? EventTypes.GroupDeleted : EventTypes.UserDeleted, before);
        Audit(Shown(before), []);
    }

    /// <summary>
    /// A group deleted whose events the background job writes (<see cref="Membership.GroupDeletions"/>): its audit
    /// before/after now, and the data of its <c>group.deleted</c> event to keep for later.
    /// </summary>
    public string DeletedLater(ScimResource before)
    {
        Target(before.ResourceType, before.Id);
        Audit(Shown(before), []);
        return EventData.Resource(before, Sensitive);
    }

    /// <summary>An event whose data was rendered earlier (a deferred <c>group.deleted</c>).</summary>
    public void Announce(string type, string resourceType, string resourceId, string dataJson) =>
        events.Add(new PendingEvent(type, resourceType, resourceId, dataJson, null));

    public void Purged(string type, string id)
    {
        Target(type, id);
        events.Add(new PendingEvent(EventTypes.UserPurged, type, id, EventData.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteEndObject();
        }), null));
    }

    public void MembersAdded(string groupId, string? groupDisplayName, IEnumerable<(string Id, string Type)> members) =>
        Membership(EventTypes.GroupUserAdded, groupId, groupDisplayName, members, added, ref addedCount);

    public void MembersRemoved(string groupId, string? groupDisplayName, IEnumerable<(string Id, string Type)> members) =>
        Membership(EventTypes.GroupUserRemoved, groupId, groupDisplayName, members, removed, ref removedCount);

    /// <summary>Members removed whose events the background job writes: counted in the audit row, with the first ids given.</summary>
    public void MembersRemovedLater(int count, IEnumerable<string> firstIds)
    {
        removed.AddRange(firstIds.Take(AuditedMemberIds - removed.Count));
        removedCount += count;
    }

    /// <summary>A change of a user's effective access (a role or workspace granted or taken), or a protected role left without holders.</summary>
    public void Access(string type, string userId, string dataJson)
    {
        events.Add(new PendingEvent(type, ResourceTypeNames.User, userId, dataJson, null));
        accessChanges.Add((type, dataJson));
    }

    /// <summary>
    /// Writes the audit row and then the events in <paramref name="transaction"/>; call it last, right before the commit.
    /// Reserving the events' sequence locks the tenant's sequence row until the commit (on PostgreSQL every other write
    /// of the tenant waits for it), so nothing is written after it that could be written before.
    /// </summary>
    public Task WriteAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, int status, CancellationToken cancellationToken) =>
        WriteAsync(connection, transaction, dialect, AuditEntry.For(tenantId, context, now, status) with
        {
            ResourceType = resourceType,
            ResourceId = resourceId,
            ChangesJson = ChangesJson(),
        }, cancellationToken);

    /// <summary>Writes the events only (a background job's, whose request has its audit row already); call it last.</summary>
    public Task WriteEventsAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, CancellationToken cancellationToken) =>
        WriteAsync(connection, transaction, dialect, audit: null, cancellationToken);

    private async Task WriteAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, AuditEntry? audit, CancellationToken cancellationToken)
    {
        var reservesInItsInsert = ReservesInItsInsert(dialect);
        await using (var writes = new StatementBatch(connection, transaction, dialect))
        {
            if (audit is not null)
            {
                SqlAuditLog.Bind(writes.Add(SqlAuditLog.InsertSql), dialect, audit);
            }
            if (reservesInItsInsert)
            {
                // The events take their sequence numbers in their own INSERT, in the audit row's round trip.
                BindEvents(writes.Add(ReservingInsertSql(events.Count)), dialect, events, firstSequence: null);
            }
            await writes.ExecuteAsync(cancellationToken);
        }
        if (reservesInItsInsert || events.Count == 0)
        {
            return;
        }
        var first = await ReserveSequencesAsync(connection, transaction, cancellationToken);
        if (dialect.RunsInProcess)
        {
            await InsertRowByRowAsync(connection, transaction, dialect, first, cancellationToken);
            return;
        }
        var rows = dialect.RowsPerStatement(ParametersPerRow, InsertBatch);
        foreach (var (batch, index) in events.Chunk(rows).Select((b, i) => (b, i)))
        {
            await using var insert = connection.CreateCommand(transaction, InsertSql(batch.Length));
            await BindEvents(insert, dialect, batch, first + (index * rows)).ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// One prepared single-row INSERT, run for each event. In process, a statement finds each parameter it binds by name
    /// among all of its own: the 100 events of a 100-member add cost 4 × 175² / 2 name comparisons as INSERTs of 25 rows.
    /// </summary>
    private async Task InsertRowByRowAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, long first, CancellationToken cancellationToken)
    {
        await using var insert = BindShared(connection.CreateCommand(transaction, InsertSql(1)), dialect);
        DbParameter Row(string name) => insert.With(name, null).Parameters[name];
        var (sequence, id, type, resourceType, resourceId, data, changed) =
            (Row("@s0"), Row("@id0"), Row("@type0"), Row("@rt0"), Row("@rid0"), Row("@data0"), Row("@changed0"));
        for (var i = 0; i < events.Count; i++)
        {
            var pending = events[i];
            sequence.Value = first + i;
            id.Value = NewEventId();
            type.Value = pending.Type;
            resourceType.Value = pending.ResourceType;
            resourceId.Value = pending.ResourceId;
            data.Value = pending.DataJson;
            changed.Value = (object?)pending.ChangedJson ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Where the audit row points when nothing was recorded (a write that changed nothing).</summary>
    public void Target(string type, string id)
    {
        resourceType ??= type;
        resourceId ??= id;
    }

    private void Membership(string type, string groupId, string? groupDisplayName, IEnumerable<(string Id, string Type)> members, List<string> audited, ref int count)
    {
        foreach (var (id, memberType) in members)
        {
            events.Add(new PendingEvent(type, ResourceTypeNames.Group, groupId, EventData.Membership(groupId, groupDisplayName, id, memberType), null));
            if (audited.Count < AuditedMemberIds)
            {
                audited.Add(id);
            }
            count++;
        }
    }

    private void Add(string type, ScimResource resource, IReadOnlyList<string>? changed = null) =>
        events.Add(new PendingEvent(type, resource.ResourceType, resource.Id, EventData.Resource(resource, Sensitive),
            changed is null ? null : JsonSerializer.Serialize(changed)));

    private List<KeyValuePair<string, JsonNode?>> Shown(ScimResource resource) =>
        [.. EventData.Attributes(resource.Attributes, resource.ResourceType, Sensitive)];

    /// <summary>Records the before/after of each changed attribute for the audit row; returns their names.</summary>
    private List<string> Audit(List<KeyValuePair<string, JsonNode?>> before, List<KeyValuePair<string, JsonNode?>> after)
    {
        var changed = AttributeChanges.Between(before, after);
        changes.AddRange(changed);
        return [.. changed.Select(c => c.Name)];
    }

    /// <summary>
    /// The audit row's <c>changes</c>: before and after of each changed attribute (a created resource has no before, a
    /// deleted one no after), the password's change without its value, the members added and removed; null when
    /// nothing changed. Written straight from the documents, never copied.
    /// </summary>
    private string? ChangesJson()
    {
        if (changes.Count == 0 && !passwordSet && addedCount + removedCount == 0 && accessChanges.Count == 0)
        {
            return null;
        }
        return EventData.Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var (name, before, after) in changes)
            {
                writer.WriteStartObject(name);
                if (before is not null)
                {
                    writer.WritePropertyName("before");
                    before.WriteTo(writer);
                }
                if (after is not null)
                {
                    writer.WritePropertyName("after");
                    after.WriteTo(writer);
                }
                writer.WriteEndObject();
            }
            if (passwordSet)
            {
                writer.WriteStartObject("password");
                writer.WriteBoolean("changed", true);
                writer.WriteEndObject();
            }
            if (addedCount + removedCount > 0)
            {
                writer.WriteStartObject("members");
                WriteIds(writer, "added", added, addedCount);
                WriteIds(writer, "removed", removed, removedCount);
                writer.WriteEndObject();
            }
            if (accessChanges.Count > 0)
            {
                // What the write did to effective access, as the events say it: the audit row answers "who got admin when".
                writer.WriteStartArray("access");
                foreach (var (type, data) in accessChanges.Take(AuditedMemberIds))
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", type);
                    writer.WritePropertyName("data");
                    writer.WriteRawValue(data, skipInputValidation: true);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteNumber("accessCount", accessChanges.Count);
            }
            writer.WriteEndObject();
        });
    }

    private static void WriteIds(Utf8JsonWriter writer, string name, List<string> ids, int count)
    {
        writer.WriteStartArray(name);
        foreach (var id in ids)
        {
            writer.WriteStringValue(id);
        }
        writer.WriteEndArray();
        writer.WriteNumber(name + "Count", count);
    }

    private static bool? Active(ScimResource user) =>
        user.Attributes["active"] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? (bool)value : null;

    /// <summary>
    /// Whether the events take their sequence numbers in their own INSERT: outside the process (PostgreSQL), where the
    /// reservation's round trip would otherwise hold the tenant's sequence row a round trip longer; when they fit one.
    /// </summary>
    private bool ReservesInItsInsert(ISqlDialect dialect) =>
        !dialect.RunsInProcess && events.Count > 0 && events.Count <= dialect.RowsPerStatement(ParametersPerRow, InsertBatch);

    private async Task<long> ReserveSequencesAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var reserve = connection.CreateCommand(transaction, $"""
            {ReserveSql} RETURNING last
            """);
        var last = Convert.ToInt64(await reserve.With("@eventTenant", tenantId).With("@eventCount", (long)events.Count).ExecuteScalarAsync(cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        return last - events.Count + 1;
    }

    private const string ReserveSql = """
        INSERT INTO event_sequences (tenant_id, last) VALUES (@eventTenant, @eventCount)
        ON CONFLICT (tenant_id) DO UPDATE SET last = event_sequences.last + @eventCount
        """;

    private const string EventColumns =
        "tenant_id, sequence, id, type, occurred_at, resource_type, resource_id, request_id, token_id, token_name, data, changed, dry_run";

    /// <summary>Inserts <paramref name="rows"/> events numbered from <c>@s0</c> on.</summary>
    private string InsertSql(int rows) => $"""
        INSERT INTO events ({EventColumns})
        VALUES {string.Join(", ", Enumerable.Range(0, rows).Select(i =>
            $"(@eventTenant, @s{i}, @id{i}, @type{i}, @eventAt, @rt{i}, @rid{i}, @eventRequest, @eventTokenId, @eventTokenName, @data{i}, @changed{i}, {DryRun})"))}
        """;

    /// <summary>
    /// Reserves the tenant's next <paramref name="rows"/> sequence numbers and inserts that many events with them, in one
    /// statement (PostgreSQL: a data-modifying WITH).
    /// </summary>
    private string ReservingInsertSql(int rows) => $"""
        WITH reserved AS ({ReserveSql} RETURNING last - @eventCount AS before)
        INSERT INTO events ({EventColumns})
        SELECT @eventTenant, reserved.before + e.k, e.id, e.type, @eventAt, e.rt, e.rid, @eventRequest, @eventTokenId, @eventTokenName, e.data, e.changed, {DryRun}
          FROM reserved, (VALUES {string.Join(", ", Enumerable.Range(0, rows).Select(i => $"({i + 1}, @id{i}, @type{i}, @rt{i}, @rid{i}, @data{i}, @changed{i})"))})
               AS e (k, id, type, rt, rid, data, changed)
        """;

    /// <summary>Marked for good at write time: turning dry run off later delivers new events, never these.</summary>
    private int DryRun => settings.DryRun ? 1 : 0;

    /// <summary>Binds the events' parameters; with <paramref name="firstSequence"/>, their numbers too (else the statement reserves them).</summary>
    private DbCommand BindEvents(DbCommand command, ISqlDialect dialect, IReadOnlyList<PendingEvent> batch, long? firstSequence)
    {
        BindShared(command, dialect);
        if (firstSequence is null)
        {
            command.With("@eventCount", (long)batch.Count);
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var pending = batch[i];
            if (firstSequence is { } first)
            {
                command.With($"@s{i}", first + i);
            }
            command.With($"@id{i}", NewEventId()).With($"@type{i}", pending.Type).With($"@rt{i}", pending.ResourceType)
                .With($"@rid{i}", pending.ResourceId).With($"@data{i}", pending.DataJson).With($"@changed{i}", pending.ChangedJson);
        }
        return command;
    }

    /// <summary>Binds what every event of this write shares: tenant, time, request and token.</summary>
    private DbCommand BindShared(DbCommand command, ISqlDialect dialect) =>
        command.With("@eventTenant", tenantId).With("@eventAt", dialect.ToDbTime(now)).With("@eventRequest", context.RequestId)
            .With("@eventTokenId", context.TokenId).With("@eventTokenName", context.TokenName);

    /// <summary>Time-ordered and unique: a UUIDv7, prefixed so it reads as an event id wherever it is logged.</summary>
    private static string NewEventId() => "evt_" + Guid.CreateVersion7().ToString("N");

    private sealed record PendingEvent(string Type, string ResourceType, string ResourceId, string DataJson, string? ChangedJson);
}
