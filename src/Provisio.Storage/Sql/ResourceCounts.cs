using System.Data.Common;
using System.Globalization;

namespace Provisio.Storage.Sql;

/// <summary>
/// Per tenant and type: how many resources exist and how many creates and deletes happened, updated inside each
/// write's transaction. Unfiltered lists read their total here instead of counting rows.
/// </summary>
internal static class ResourceCounts
{
    public static async Task AddAsync(DbConnection connection, DbTransaction transaction, string tenantId, string resourceType, int delta, CancellationToken cancellationToken)
    {
        await using var upsert = connection.CreateCommand(transaction, """
            INSERT INTO resource_counts (tenant_id, resource_type, count, changes) VALUES (@tenant, @type, @delta, 1)
            ON CONFLICT (tenant_id, resource_type) DO UPDATE SET count = resource_counts.count + @delta, changes = resource_counts.changes + 1
            """);
        await upsert.With("@tenant", tenantId).With("@type", resourceType).With("@delta", delta).ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The number of resources of these types and a stamp that changes whenever one is created or deleted.</summary>
    public static async Task<(long Count, long Changes)> ReadAsync(DbConnection connection, string tenantId, IEnumerable<string> resourceTypes, CancellationToken cancellationToken)
    {
        long count = 0, changes = 0;
        foreach (var type in resourceTypes)
        {
            await using var select = connection.CreateCommand(null,
                "SELECT count, changes FROM resource_counts WHERE tenant_id = @tenant AND resource_type = @type");
            await using var reader = await select.With("@tenant", tenantId).With("@type", type).ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                count += Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                changes += Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }
        return (count, changes);
    }
}
