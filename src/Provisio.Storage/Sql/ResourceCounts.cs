using System.Data.Common;
using System.Globalization;

namespace Provisio.Storage.Sql;

/// <summary>
/// Per tenant and type: how many resources exist and how many creates and deletes happened, updated inside each
/// write's transaction. Unfiltered lists read their total here instead of counting rows. The numbers are spread over
/// <see cref="Slots"/> rows that each write picks at random, so concurrent writers in one tenant rarely wait for the
/// same row lock; a read adds the slots up.
/// </summary>
internal static class ResourceCounts
{
    public const int Slots = 16;

    /// <summary>Adds the count's change to a write's other statements.</summary>
    public static void Add(StatementBatch writes, string tenantId, string resourceType, int delta) =>
        writes.Add("""
            INSERT INTO resource_counts (tenant_id, resource_type, slot, count, changes) VALUES (@tenant, @type, @slot, @delta, 1)
            ON CONFLICT (tenant_id, resource_type, slot) DO UPDATE SET count = resource_counts.count + @delta, changes = resource_counts.changes + 1
            """).With("@tenant", tenantId).With("@type", resourceType).With("@slot", Random.Shared.Next(Slots)).With("@delta", delta);

    /// <summary>The number of resources of these types and a stamp that changes whenever one is created or deleted.</summary>
    public static async Task<(long Count, long Changes)> ReadAsync(DbConnection connection, string tenantId, IEnumerable<string> resourceTypes, CancellationToken cancellationToken)
    {
        long count = 0, changes = 0;
        foreach (var type in resourceTypes)
        {
            await using var select = connection.CreateCommand(null,
                "SELECT SUM(count), SUM(changes) FROM resource_counts WHERE tenant_id = @tenant AND resource_type = @type");
            await using var reader = await select.With("@tenant", tenantId).With("@type", type).ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0))
            {
                count += Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                changes += Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }
        return (count, changes);
    }
}
