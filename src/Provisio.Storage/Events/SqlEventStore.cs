using System.Data.Common;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Events;

/// <summary><see cref="IEventStore"/> over any <see cref="ISqlDialect"/>: one range read on the key (tenant, sequence).</summary>
public sealed class SqlEventStore(ISqlDialect dialect) : IEventStore
{
    internal const string Columns = "tenant_id, sequence, id, type, occurred_at, resource_type, resource_id, request_id, token_id, token_name, data, changed";

    public async Task<EventPage> ReadAsync(string tenantId, long after, int limit, IReadOnlyCollection<string>? types, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, "");
        select.With("@tenant", tenantId).With("@after", after).With("@limit", limit + 1);
        var typeFilter = "";
        var high = long.MaxValue;
        if (types is { Count: > 0 })
        {
            // Every sequence up to the highest visible one has committed (sequences are handed out in commit order),
            // so a filtered read bounded by it may report it as covered even where no event of those types was.
            high = await HighestAsync(connection, tenantId, cancellationToken);
            select.With("@high", high);
            typeFilter = " AND sequence <= @high";
            var names = types.Select((t, i) => $"@type{i}").ToList();
            foreach (var (type, name) in types.Zip(names))
            {
                select.With(name, type);
            }
            typeFilter += $" AND type IN ({string.Join(", ", names)})";
        }
        select.CommandText = $"SELECT {Columns}, dry_run FROM events WHERE tenant_id = @tenant AND sequence > @after{typeFilter} ORDER BY sequence LIMIT @limit";
        var events = new List<ChangeEvent>();
        // Dry-run events are read and passed over here, so every consumer (handlers, webhooks, the feed) moves past
        // them without delivering them; a page may then hold fewer than limit events and still have more.
        var scanned = after;
        var rows = 0;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (rows == limit)
            {
                return new EventPage(events, HasMore: true, Through: scanned);
            }
            rows++;
            scanned = reader.GetInt64(1);
            if (Convert.ToInt32(reader.GetValue(12), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                events.Add(Read(reader, dialect));
            }
        }
        var through = high != long.MaxValue ? Math.Max(high, after) : scanned;
        return new EventPage(events, HasMore: false, Through: through);
    }

    public async Task<EventPage> ReadDryRunAsync(string tenantId, long after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null,
            $"SELECT {Columns} FROM events WHERE tenant_id = @tenant AND dry_run = 1 AND sequence > @after ORDER BY sequence LIMIT @limit");
        select.With("@tenant", tenantId).With("@after", after).With("@limit", limit + 1);
        var events = new List<ChangeEvent>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (events.Count == limit)
            {
                return new EventPage(events, HasMore: true, Through: events[^1].Sequence);
            }
            events.Add(Read(reader, dialect));
        }
        return new EventPage(events, HasMore: false, Through: events.Count > 0 ? events[^1].Sequence : after);
    }

    private static async Task<long> HighestAsync(DbConnection connection, string tenantId, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand(null, "SELECT MAX(sequence) FROM events WHERE tenant_id = @tenant");
        return await select.With("@tenant", tenantId).ExecuteScalarAsync(cancellationToken) is { } value and not DBNull
            ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
            : 0;
    }

    public async Task<IReadOnlyList<string>> TenantsWithEventsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, "SELECT tenant_id FROM event_sequences ORDER BY tenant_id");
        var tenants = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetString(0));
        }
        return tenants;
    }

    internal static ChangeEvent Read(DbDataReader reader, ISqlDialect dialect) => new()
    {
        TenantId = reader.GetString(0),
        Sequence = reader.GetInt64(1),
        Id = reader.GetString(2),
        Type = reader.GetString(3),
        OccurredAt = dialect.ReadTime(reader, 4),
        ResourceType = reader.GetString(5),
        ResourceId = reader.GetString(6),
        RequestId = reader.IsDBNull(7) ? null : reader.GetString(7),
        TokenId = reader.IsDBNull(8) ? null : reader.GetString(8),
        TokenName = reader.IsDBNull(9) ? null : reader.GetString(9),
        DataJson = reader.GetString(10),
        ChangedAttributes = reader.IsDBNull(11) ? null : System.Text.Json.JsonSerializer.Deserialize<string[]>(reader.GetString(11)),
    };
}
