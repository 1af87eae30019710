using System.Data.Common;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Audit;

/// <summary><see cref="IAuditLog"/> over any <see cref="ISqlDialect"/>, in <c>audit_log</c>.</summary>
public sealed class SqlAuditLog(ISqlDialect dialect) : IAuditLog
{
    private const string Columns =
        "id, tenant_id, at, token_id, token_name, client_address, request_id, method, path, action, status, error_type, resource_type, resource_id, changes, error_detail";

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using (var insert = connection.CreateCommand(transaction, InsertSql))
        {
            await Bind(insert, dialect, entry).ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The statement that inserts one row; a write's own row goes in its transaction (see <see cref="Bind"/>).</summary>
    internal const string InsertSql = """
        INSERT INTO audit_log (tenant_id, at, token_id, token_name, client_address, request_id, method, path, action, status,
                               error_type, resource_type, resource_id, changes, error_detail)
        VALUES (@tenant, @at, @tokenId, @tokenName, @client, @requestId, @method, @path, @action, @status,
                @errorType, @resourceType, @resourceId, @changes, @errorDetail)
        """;

    /// <summary>Binds <paramref name="entry"/> to the parameters of <see cref="InsertSql"/>.</summary>
    internal static DbCommand Bind(DbCommand command, ISqlDialect dialect, AuditEntry entry) =>
        command.With("@tenant", entry.TenantId).With("@at", dialect.ToDbTime(entry.At))
            .With("@tokenId", entry.TokenId).With("@tokenName", entry.TokenName).With("@client", entry.ClientAddress)
            .With("@requestId", entry.RequestId).With("@method", entry.Method).With("@path", entry.Path).With("@action", entry.Action)
            .With("@status", entry.Status).With("@errorType", entry.ErrorType).With("@resourceType", entry.ResourceType)
            .With("@resourceId", entry.ResourceId).With("@changes", entry.ChangesJson)
            .With("@errorDetail", entry.ErrorDetail is { } detail ? Scim.Errors.ErrorText.Excerpt(detail, AuditEntry.MaxErrorDetailLength) : null);

    public async Task<(IReadOnlyList<AuditEntry> Entries, bool HasMore)> QueryAsync(string tenantId, AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, "");
        var where = new List<string> { "tenant_id = @tenant" };
        select.With("@tenant", tenantId).With("@limit", query.Limit + 1);
        void Add(string condition, string name, object? value)
        {
            if (value is not null)
            {
                where.Add(condition);
                select.With(name, value);
            }
        }
        Add("resource_id = @resource", "@resource", query.ResourceId);
        Add("action = @action", "@action", query.Action);
        Add("status = @status", "@status", query.Status);
        Add("at >= @from", "@from", query.From is { } from ? dialect.ToDbTime(from) : null);
        Add("at < @to", "@to", query.To is { } to ? dialect.ToDbTime(to) : null);
        Add("request_id = @requestId", "@requestId", query.RequestId);
        Add("id < @before", "@before", query.Before);
        select.CommandText = $"SELECT {Columns} FROM audit_log WHERE {string.Join(" AND ", where)} ORDER BY id DESC LIMIT @limit";
        var entries = new List<AuditEntry>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (entries.Count == query.Limit)
            {
                return (entries, true);
            }
            entries.Add(Read(reader));
        }
        return (entries, false);
    }

    public async Task<long> PruneAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        // Ids grow with time, so the rows to prune are the tenant's first ones: walk (tenant, id) up to the first row that
        // stays, rather than keep an index on the time that every write would have to update.
        await using var delete = connection.CreateCommand(transaction, """
            DELETE FROM audit_log
             WHERE tenant_id = @tenant
               AND id < COALESCE((SELECT id FROM audit_log WHERE tenant_id = @tenant AND at >= @before ORDER BY id LIMIT 1),
                                 (SELECT MAX(id) + 1 FROM audit_log WHERE tenant_id = @tenant))
            """);
        var rows = await delete.With("@tenant", tenantId).With("@before", dialect.ToDbTime(before)).ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private AuditEntry Read(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        TenantId = reader.GetString(1),
        At = dialect.ReadTime(reader, 2),
        TokenId = Text(reader, 3),
        TokenName = Text(reader, 4),
        ClientAddress = Text(reader, 5),
        RequestId = Text(reader, 6),
        Method = reader.GetString(7),
        Path = reader.GetString(8),
        Action = reader.GetString(9),
        Status = reader.GetInt32(10),
        ErrorType = Text(reader, 11),
        ResourceType = Text(reader, 12),
        ResourceId = Text(reader, 13),
        ChangesJson = Text(reader, 14),
        ErrorDetail = Text(reader, 15),
    };

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
