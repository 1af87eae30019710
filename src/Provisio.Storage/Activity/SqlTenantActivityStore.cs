using System.Data.Common;
using System.Globalization;
using Provisio.Scim.Schema;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Activity;

/// <summary>
/// <see cref="ITenantActivityStore"/> over any <see cref="ISqlDialect"/>: <c>request_counts</c> per five-minute period,
/// <c>tenant_activity</c> for the first and last request, the resource counts, and the audit log's failures.
/// </summary>
public sealed class SqlTenantActivityStore(ISqlDialect dialect) : ITenantActivityStore
{
    /// <summary>How long request counts are kept: the status looks back one day.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(2);

    public static readonly TimeSpan PeriodLength = TimeSpan.FromMinutes(5);

    /// <summary>The start of the five-minute period <paramref name="time"/> falls in.</summary>
    public static DateTimeOffset Period(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % PeriodLength.Ticks), TimeSpan.Zero);

    public async Task RecordAsync(IReadOnlyCollection<RequestTally> tallies, CancellationToken cancellationToken)
    {
        if (tallies.Count == 0)
        {
            return;
        }
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        foreach (var tally in tallies.OrderBy(t => t.TenantId, StringComparer.Ordinal))
        {
            foreach (var ((period, status), count) in tally.Counts.OrderBy(c => c.Key.Period).ThenBy(c => c.Key.Status))
            {
                await using var add = connection.CreateCommand(transaction, """
                    INSERT INTO request_counts (tenant_id, bucket, status, count) VALUES (@tenant, @bucket, @status, @count)
                    ON CONFLICT (tenant_id, bucket, status) DO UPDATE SET count = request_counts.count + excluded.count
                    """);
                await add.With("@tenant", tally.TenantId).With("@bucket", dialect.ToDbTime(period)).With("@status", status).With("@count", count)
                    .ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var activity = connection.CreateCommand(transaction, """
                INSERT INTO tenant_activity (tenant_id, first_request_at, last_request_at) VALUES (@tenant, @first, @last)
                ON CONFLICT (tenant_id) DO UPDATE SET
                    first_request_at = CASE WHEN excluded.first_request_at < tenant_activity.first_request_at
                                            THEN excluded.first_request_at ELSE tenant_activity.first_request_at END,
                    last_request_at = CASE WHEN excluded.last_request_at > tenant_activity.last_request_at
                                           THEN excluded.last_request_at ELSE tenant_activity.last_request_at END
                """))
            {
                await activity.With("@tenant", tally.TenantId).With("@first", dialect.ToDbTime(tally.First)).With("@last", dialect.ToDbTime(tally.Last))
                    .ExecuteNonQueryAsync(cancellationToken);
            }
            await using var prune = connection.CreateCommand(transaction, "DELETE FROM request_counts WHERE tenant_id = @tenant AND bucket < @before");
            await prune.With("@tenant", tally.TenantId).With("@before", dialect.ToDbTime(Period(tally.Last) - Kept)).ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<TenantStatus> ReadStatusAsync(string tenantId, DateTimeOffset now, int failures, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        DateTimeOffset? first = null, last = null;
        await using (var activity = connection.CreateCommand(null, "SELECT first_request_at, last_request_at FROM tenant_activity WHERE tenant_id = @tenant"))
        await using (var reader = await activity.With("@tenant", tenantId).ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                first = dialect.ReadTime(reader, 0);
                last = dialect.ReadTime(reader, 1);
            }
        }
        // The current period and the ones before it that started within the hour (the day).
        var current = Period(now);
        var hourStart = current - TimeSpan.FromHours(1) + PeriodLength;
        var dayStart = current - TimeSpan.FromDays(1) + PeriodLength;
        var lastHour = new SortedDictionary<int, long>();
        var lastDay = new SortedDictionary<int, long>();
        await using (var counts = connection.CreateCommand(null, "SELECT bucket, status, count FROM request_counts WHERE tenant_id = @tenant AND bucket >= @from"))
        await using (var reader = await counts.With("@tenant", tenantId).With("@from", dialect.ToDbTime(dayStart)).ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var bucket = dialect.ReadTime(reader, 0);
                var status = reader.GetInt32(1);
                var count = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
                lastDay[status] = lastDay.GetValueOrDefault(status) + count;
                if (bucket >= hourStart)
                {
                    lastHour[status] = lastHour.GetValueOrDefault(status) + count;
                }
            }
        }
        var (users, _) = await ResourceCounts.ReadAsync(connection, tenantId, [ResourceTypeNames.User], cancellationToken);
        var (groups, _) = await ResourceCounts.ReadAsync(connection, tenantId, [ResourceTypeNames.Group], cancellationToken);
        // Both counts read a partial index: suspended users, and the soft-deleted ones awaiting their purge.
        var suspended = await CountAsync(connection, "SELECT COUNT(*) FROM resources WHERE tenant_id = @tenant AND resource_type = 'User' AND NOT active", tenantId, cancellationToken);
        var deleted = await CountAsync(connection, "SELECT COUNT(*) FROM deleted_resources WHERE tenant_id = @tenant AND resource_type = 'User'", tenantId, cancellationToken);
        return new TenantStatus
        {
            FirstSyncAt = first,
            LastRequestAt = last,
            ActiveUsers = Math.Max(0, users - suspended),
            SuspendedUsers = suspended,
            DeletedUsers = deleted,
            Groups = groups,
            LastHour = lastHour,
            LastDay = lastDay,
            RecentFailures = await FailuresAsync(connection, tenantId, failures, cancellationToken),
        };
    }

    private async Task<IReadOnlyList<RequestFailure>> FailuresAsync(DbConnection connection, string tenantId, int limit, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand(null, """
            SELECT at, method, path, status, error_type, error_detail FROM audit_log
             WHERE tenant_id = @tenant AND status >= 400 AND action <> 'admin'
             ORDER BY id DESC LIMIT @limit
            """);
        await using var reader = await select.With("@tenant", tenantId).With("@limit", limit).ExecuteReaderAsync(cancellationToken);
        var failures = new List<RequestFailure>();
        while (await reader.ReadAsync(cancellationToken))
        {
            failures.Add(new RequestFailure(dialect.ReadTime(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return failures;
    }

    private static async Task<long> CountAsync(DbConnection connection, string sql, string tenantId, CancellationToken cancellationToken)
    {
        await using var count = connection.CreateCommand(null, sql);
        return Convert.ToInt64(await count.With("@tenant", tenantId).ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
