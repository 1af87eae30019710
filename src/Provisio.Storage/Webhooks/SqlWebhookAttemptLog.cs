using System.Data.Common;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Webhooks;

/// <summary><see cref="IWebhookAttemptLog"/> over any <see cref="ISqlDialect"/>, in <c>webhook_attempts</c>.</summary>
public sealed class SqlWebhookAttemptLog(ISqlDialect dialect) : IWebhookAttemptLog
{
    public async Task RecordAsync(WebhookAttempt attempt, int keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var insert = connection.CreateCommand(transaction, """
            INSERT INTO webhook_attempts (tenant_id, endpoint_id, event_id, event_type, sequence, attempt, at, outcome, status_code, latency_ms, error)
            VALUES (@tenant, @endpoint, @event, @type, @sequence, @attempt, @at, @outcome, @status, @latency, @error)
            """);
        await insert.With("@tenant", attempt.TenantId).With("@endpoint", attempt.EndpointId).With("@event", attempt.EventId)
            .With("@type", attempt.EventType).With("@sequence", attempt.Sequence).With("@attempt", attempt.Attempt)
            .With("@at", dialect.ToDbTime(attempt.At)).With("@outcome", OutcomeName(attempt.Outcome))
            .With("@status", attempt.StatusCode).With("@latency", attempt.LatencyMilliseconds).With("@error", attempt.Error)
            .ExecuteNonQueryAsync(cancellationToken);
        // Everything at or below the (keep+1)-th newest row goes; with fewer rows the subquery is NULL and nothing does.
        await using var trim = connection.CreateCommand(transaction, """
            DELETE FROM webhook_attempts
            WHERE tenant_id = @tenant AND endpoint_id = @endpoint
              AND id <= (SELECT id FROM webhook_attempts WHERE tenant_id = @tenant AND endpoint_id = @endpoint
                         ORDER BY id DESC LIMIT 1 OFFSET @keep)
            """);
        await trim.With("@tenant", attempt.TenantId).With("@endpoint", attempt.EndpointId).With("@keep", keep)
            .ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookAttempt>> ListAsync(string tenantId, string endpointId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, """
            SELECT tenant_id, endpoint_id, event_id, event_type, sequence, attempt, at, outcome, status_code, latency_ms, error
            FROM webhook_attempts
            WHERE tenant_id = @tenant AND endpoint_id = @endpoint
            ORDER BY id DESC
            LIMIT @limit
            """);
        select.With("@tenant", tenantId).With("@endpoint", endpointId).With("@limit", limit);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var attempts = new List<WebhookAttempt>();
        while (await reader.ReadAsync(cancellationToken))
        {
            attempts.Add(Read(reader));
        }
        return attempts;
    }

    /// <summary>How an outcome is written in <c>webhook_attempts.outcome</c> and shown by the admin API.</summary>
    public static string OutcomeName(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Delivered => "delivered",
        WebhookOutcome.Failed => "failed",
        WebhookOutcome.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private static WebhookOutcome ParseOutcome(string text) => text switch
    {
        "delivered" => WebhookOutcome.Delivered,
        "failed" => WebhookOutcome.Failed,
        "dead" => WebhookOutcome.Dead,
        _ => throw new InvalidDataException($"webhook_attempts.outcome '{text}' is not delivered, failed or dead."),
    };

    private WebhookAttempt Read(DbDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        EndpointId = reader.GetString(1),
        EventId = reader.GetString(2),
        EventType = reader.GetString(3),
        Sequence = reader.IsDBNull(4) ? null : reader.GetInt64(4),
        Attempt = reader.GetInt32(5),
        At = dialect.ReadTime(reader, 6),
        Outcome = ParseOutcome(reader.GetString(7)),
        StatusCode = reader.IsDBNull(8) ? null : reader.GetInt32(8),
        LatencyMilliseconds = reader.GetInt32(9),
        Error = reader.IsDBNull(10) ? null : reader.GetString(10),
    };
}
