using System.Data.Common;
using System.Globalization;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Events;

/// <summary><see cref="IEventConsumerStore"/> over any <see cref="ISqlDialect"/>, in <c>event_consumers</c> and <c>event_retries</c>.</summary>
public sealed class SqlEventConsumerStore(ISqlDialect dialect) : IEventConsumerStore
{
    public async Task<IReadOnlyList<string>> PendingTenantsAsync(string consumer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Only committed rows are visible here, so a consumer never sees an event whose write may still roll back.
        // A retry counts when it heads its resource's queue: the ones behind it wait for it, whatever their time.
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, """
            SELECT s.tenant_id FROM event_sequences s
            LEFT JOIN event_consumers c ON c.consumer = @consumer AND c.tenant_id = s.tenant_id
            WHERE s.last > COALESCE(c.position, 0)
            UNION
            SELECT r.tenant_id FROM event_retries r
            WHERE r.consumer = @consumer AND r.next_attempt <= @now
              AND NOT EXISTS (SELECT 1 FROM event_retries e
                              WHERE e.consumer = r.consumer AND e.tenant_id = r.tenant_id AND e.resource_id = r.resource_id
                                AND e.sequence < r.sequence)
            """);
        select.With("@consumer", consumer).With("@now", dialect.ToDbTime(now));
        var tenants = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetString(0));
        }
        return tenants;
    }

    public async Task<long> ReadPositionAsync(string consumer, string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, "SELECT position FROM event_consumers WHERE consumer = @consumer AND tenant_id = @tenant");
        var position = await select.With("@consumer", consumer).With("@tenant", tenantId).ExecuteScalarAsync(cancellationToken);
        return position is null or DBNull ? 0 : Convert.ToInt64(position, CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<EventRetry>> ReadRetriesAsync(string consumer, string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, """
            SELECT sequence, resource_id, attempts, next_attempt, last_error FROM event_retries
            WHERE consumer = @consumer AND tenant_id = @tenant ORDER BY sequence
            """);
        select.With("@consumer", consumer).With("@tenant", tenantId);
        var retries = new List<EventRetry>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            retries.Add(new EventRetry(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), dialect.ReadTime(reader, 3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return retries;
    }

    public async Task<ChangeEvent?> ReadEventAsync(string tenantId, long sequence, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null,
            $"SELECT {SqlEventStore.Columns} FROM events WHERE tenant_id = @tenant AND sequence = @sequence");
        select.With("@tenant", tenantId).With("@sequence", sequence);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SqlEventStore.Read(reader, dialect) : null;
    }

    public async Task AdvanceAsync(string consumer, string tenantId, long position, EventRetry? retry, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        if (retry is not null)
        {
            await using var queue = connection.CreateCommand(transaction, """
                INSERT INTO event_retries (consumer, tenant_id, sequence, resource_id, attempts, next_attempt, last_error)
                VALUES (@consumer, @tenant, @sequence, @resource, @attempts, @next, @error)
                ON CONFLICT (consumer, tenant_id, sequence) DO NOTHING
                """);
            await queue.With("@consumer", consumer).With("@tenant", tenantId).With("@sequence", retry.Sequence)
                .With("@resource", retry.ResourceId).With("@attempts", retry.Attempts).With("@next", dialect.ToDbTime(retry.NextAttempt))
                .With("@error", retry.LastError).ExecuteNonQueryAsync(cancellationToken);
        }
        await using var advance = connection.CreateCommand(transaction, """
            INSERT INTO event_consumers (consumer, tenant_id, position) VALUES (@consumer, @tenant, @position)
            ON CONFLICT (consumer, tenant_id) DO UPDATE SET position = excluded.position
            """);
        await advance.With("@consumer", consumer).With("@tenant", tenantId).With("@position", position).ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task RescheduleAsync(string consumer, string tenantId, EventRetry retry, CancellationToken cancellationToken) =>
        WriteAsync("""
            UPDATE event_retries SET attempts = @attempts, next_attempt = @next, last_error = @error
            WHERE consumer = @consumer AND tenant_id = @tenant AND sequence = @sequence
            """, consumer, tenantId, retry.Sequence, cancellationToken,
            ("@attempts", retry.Attempts), ("@next", dialect.ToDbTime(retry.NextAttempt)), ("@error", retry.LastError));

    public Task RemoveRetryAsync(string consumer, string tenantId, long sequence, CancellationToken cancellationToken) =>
        WriteAsync("DELETE FROM event_retries WHERE consumer = @consumer AND tenant_id = @tenant AND sequence = @sequence",
            consumer, tenantId, sequence, cancellationToken);

    public async Task<IReadOnlyList<PendingConsumer>> PendingConsumersAsync(string prefix, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The same two kinds of work as PendingTenantsAsync, for every consumer of a family (each webhook endpoint).
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, """
            SELECT c.consumer, c.tenant_id FROM event_consumers c
            JOIN event_sequences s ON s.tenant_id = c.tenant_id
            WHERE substr(c.consumer, 1, @length) = @prefix AND s.last > c.position
            UNION
            SELECT r.consumer, r.tenant_id FROM event_retries r
            WHERE substr(r.consumer, 1, @length) = @prefix AND r.next_attempt <= @now
              AND NOT EXISTS (SELECT 1 FROM event_retries e
                              WHERE e.consumer = r.consumer AND e.tenant_id = r.tenant_id AND e.resource_id = r.resource_id
                                AND e.sequence < r.sequence)
            """);
        // substr rather than LIKE: no escaping of the prefix, and no collation rule in the way of a byte-wise match.
        select.With("@prefix", prefix).With("@length", prefix.Length).With("@now", dialect.ToDbTime(now));
        var pending = new List<PendingConsumer>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingConsumer(reader.GetString(0), reader.GetString(1)));
        }
        return pending;
    }

    public async Task<bool> HasConsumersAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null,
            "SELECT 1 FROM event_consumers WHERE substr(consumer, 1, @length) = @prefix LIMIT 1");
        return await select.With("@prefix", prefix).With("@length", prefix.Length).ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task BuryAsync(string consumer, string tenantId, EventRetry retry, DateTimeOffset died, long? position, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var forget = connection.CreateCommand(transaction,
            "DELETE FROM event_retries WHERE consumer = @consumer AND tenant_id = @tenant AND sequence = @sequence");
        await forget.With("@consumer", consumer).With("@tenant", tenantId).With("@sequence", retry.Sequence).ExecuteNonQueryAsync(cancellationToken);
        await using var bury = connection.CreateCommand(transaction, """
            INSERT INTO event_dead_letters (consumer, tenant_id, sequence, resource_id, attempts, last_error, died)
            VALUES (@consumer, @tenant, @sequence, @resource, @attempts, @error, @died)
            ON CONFLICT (consumer, tenant_id, sequence) DO UPDATE
            SET attempts = excluded.attempts, last_error = excluded.last_error, died = excluded.died
            """);
        await bury.With("@consumer", consumer).With("@tenant", tenantId).With("@sequence", retry.Sequence)
            .With("@resource", retry.ResourceId).With("@attempts", retry.Attempts).With("@error", retry.LastError)
            .With("@died", dialect.ToDbTime(died)).ExecuteNonQueryAsync(cancellationToken);
        if (position is { } moved)
        {
            await using var advance = connection.CreateCommand(transaction, """
                INSERT INTO event_consumers (consumer, tenant_id, position) VALUES (@consumer, @tenant, @position)
                ON CONFLICT (consumer, tenant_id) DO UPDATE SET position = excluded.position
                """);
            await advance.With("@consumer", consumer).With("@tenant", tenantId).With("@position", moved).ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(string consumer, string tenantId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, """
            SELECT d.sequence, e.id, e.type, d.resource_id, d.attempts, d.last_error, d.died
            FROM event_dead_letters d
            JOIN events e ON e.tenant_id = d.tenant_id AND e.sequence = d.sequence
            WHERE d.consumer = @consumer AND d.tenant_id = @tenant
            ORDER BY d.sequence
            LIMIT @limit
            """);
        select.With("@consumer", consumer).With("@tenant", tenantId).With("@limit", limit);
        var letters = new List<DeadLetter>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new DeadLetter(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5), dialect.ReadTime(reader, 6)));
        }
        return letters;
    }

    public async Task<int> RequeueDeadLettersAsync(string consumer, string tenantId, long? sequence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var one = sequence is null ? "" : " AND sequence = @sequence";
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var requeue = connection.CreateCommand(transaction, $"""
            INSERT INTO event_retries (consumer, tenant_id, sequence, resource_id, attempts, next_attempt, last_error)
            SELECT consumer, tenant_id, sequence, resource_id, 0, @now, last_error FROM event_dead_letters
            WHERE consumer = @consumer AND tenant_id = @tenant{one}
            ON CONFLICT (consumer, tenant_id, sequence) DO NOTHING
            """);
        requeue.With("@consumer", consumer).With("@tenant", tenantId).With("@now", dialect.ToDbTime(now));
        await using var forget = connection.CreateCommand(transaction,
            $"DELETE FROM event_dead_letters WHERE consumer = @consumer AND tenant_id = @tenant{one}");
        forget.With("@consumer", consumer).With("@tenant", tenantId);
        if (sequence is { } only)
        {
            requeue.With("@sequence", only);
            forget.With("@sequence", only);
        }
        await requeue.ExecuteNonQueryAsync(cancellationToken);
        var moved = await forget.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return moved;
    }

    private async Task WriteAsync(string sql, string consumer, string tenantId, long sequence, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand(transaction, sql);
        command.With("@consumer", consumer).With("@tenant", tenantId).With("@sequence", sequence);
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
