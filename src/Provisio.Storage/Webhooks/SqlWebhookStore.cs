using System.Data.Common;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Webhooks;

/// <summary><see cref="IWebhookStore"/> over any <see cref="ISqlDialect"/>, in <c>webhook_endpoints</c> and the consumer tables.</summary>
public sealed class SqlWebhookStore(ISqlDialect dialect) : IWebhookStore
{
    private const string Columns =
        "tenant_id, id, url, description, event_types, enabled, secret, previous_secret, previous_secret_expires, created, updated";

    public async Task AddAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var insert = connection.CreateCommand(transaction, $"""
            INSERT INTO webhook_endpoints ({Columns})
            VALUES (@tenant, @id, @url, @description, @types, @enabled, @secret, @previous, @expires, @created, @updated)
            """);
        await Bind(insert, endpoint).With("@created", dialect.ToDbTime(endpoint.Created)).ExecuteNonQueryAsync(cancellationToken);
        // The endpoint starts at the tenant's last event: what was written before it existed is the feed's to tell.
        await using var position = connection.CreateCommand(transaction, """
            INSERT INTO event_consumers (consumer, tenant_id, position)
            SELECT @consumer, @tenant, COALESCE((SELECT last FROM event_sequences WHERE tenant_id = @tenant), 0)
            ON CONFLICT (consumer, tenant_id) DO UPDATE SET position = excluded.position
            """);
        await position.With("@consumer", endpoint.Consumer).With("@tenant", endpoint.TenantId).ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<WebhookEndpoint?> FindAsync(string tenantId, string endpointId, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM webhook_endpoints WHERE tenant_id = @tenant AND id = @id", tenantId, endpointId,
            cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {Columns} FROM webhook_endpoints WHERE tenant_id = @tenant ORDER BY created, id", tenantId, null,
            cancellationToken);

    public async Task<bool> UpdateAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var update = connection.CreateCommand(transaction, """
            UPDATE webhook_endpoints
            SET url = @url, description = @description, event_types = @types, enabled = @enabled, secret = @secret,
                previous_secret = @previous, previous_secret_expires = @expires, updated = @updated
            WHERE tenant_id = @tenant AND id = @id
            """);
        var changed = await Bind(update, endpoint).ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed == 1;
    }

    public async Task<bool> RemoveAsync(string tenantId, string endpointId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var remove = connection.CreateCommand(transaction, "DELETE FROM webhook_endpoints WHERE tenant_id = @tenant AND id = @id");
        if (await remove.With("@tenant", tenantId).With("@id", endpointId).ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }
        // The endpoint's place in the outbox, its queued and dead deliveries and its log go with it.
        foreach (var table in (string[])["event_consumers", "event_retries", "event_dead_letters"])
        {
            await using var forget = connection.CreateCommand(transaction, $"DELETE FROM {table} WHERE consumer = @consumer AND tenant_id = @tenant");
            await forget.With("@consumer", WebhookEndpoint.ConsumerName(endpointId)).With("@tenant", tenantId).ExecuteNonQueryAsync(cancellationToken);
        }
        await using var log = connection.CreateCommand(transaction, "DELETE FROM webhook_attempts WHERE tenant_id = @tenant AND endpoint_id = @id");
        await log.With("@tenant", tenantId).With("@id", endpointId).ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private DbCommand Bind(DbCommand command, WebhookEndpoint endpoint) => command
        .With("@tenant", endpoint.TenantId)
        .With("@id", endpoint.Id)
        .With("@url", endpoint.Url.AbsoluteUri)
        .With("@description", endpoint.Description)
        .With("@types", endpoint.EventTypes is { } types ? string.Join(',', types) : null)
        .With("@enabled", dialect.ToDbBoolean(endpoint.Enabled))
        .With("@secret", endpoint.ProtectedSecret)
        .With("@previous", endpoint.ProtectedPreviousSecret)
        .With("@expires", endpoint.PreviousSecretExpires is { } expires ? dialect.ToDbTime(expires) : null)
        .With("@updated", dialect.ToDbTime(endpoint.Updated));

    private async Task<List<WebhookEndpoint>> QueryAsync(string sql, string tenantId, string? endpointId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, sql);
        command.With("@tenant", tenantId);
        if (endpointId is not null)
        {
            command.With("@id", endpointId);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var endpoints = new List<WebhookEndpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            endpoints.Add(Read(reader));
        }
        return endpoints;
    }

    private WebhookEndpoint Read(DbDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        Id = reader.GetString(1),
        Url = new Uri(reader.GetString(2), UriKind.Absolute),
        Description = reader.IsDBNull(3) ? null : reader.GetString(3),
        EventTypes = reader.IsDBNull(4) ? null : reader.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries),
        Enabled = reader.GetBoolean(5),
        ProtectedSecret = reader.GetString(6),
        ProtectedPreviousSecret = reader.IsDBNull(7) ? null : reader.GetString(7),
        PreviousSecretExpires = reader.IsDBNull(8) ? null : dialect.ReadTime(reader, 8),
        Created = dialect.ReadTime(reader, 9),
        Updated = dialect.ReadTime(reader, 10),
    };
}
