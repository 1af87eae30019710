using System.Collections.Concurrent;
using System.Data.Common;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Paging;

/// <summary>
/// Makes deep index pages of an unfiltered list (what an IdP import walks, startIndex += 100) cost about the same as
/// the first: every 1,000th position of the default order is remembered, and a page starts from the nearest one by
/// keyset instead of stepping over every row before it. The anchors are rebuilt when the tenant's create/delete stamp
/// (<see cref="ResourceCounts"/>) moves, so they are never stale, also across server instances.
/// </summary>
internal sealed class IndexPageAnchors
{
    public const int Spacing = 1_000;

    private readonly ConcurrentDictionary<string, (long Changes, PagePosition[] Anchors)> cache = new(StringComparer.Ordinal);

    /// <summary>Where to start reading for a 1-based <paramref name="startIndex"/>: after a position, then skipping a few rows.</summary>
    public async Task<(PagePosition? After, int Skip)> LocateAsync(DbConnection connection, string tenantId, IReadOnlyList<string> types, long changes, int startIndex, CancellationToken cancellationToken)
    {
        var block = (startIndex - 1) / Spacing;
        if (block == 0)
        {
            return (null, startIndex - 1);
        }
        var key = tenantId + "\n" + string.Join(',', types);
        if (!cache.TryGetValue(key, out var entry) || entry.Changes != changes)
        {
            entry = (changes, await BuildAsync(connection, tenantId, types, cancellationToken));
            cache[key] = entry;
        }
        if (block > entry.Anchors.Length)
        {
            return (null, startIndex - 1);
        }
        return (entry.Anchors[block - 1], startIndex - 1 - (block * Spacing));
    }

    private static async Task<PagePosition[]> BuildAsync(DbConnection connection, string tenantId, IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var tenant = parameters.Bind(tenantId);
        var typeList = string.Join(", ", types.Select(parameters.Bind));
        await using var select = connection.CreateCommand(null,
            $"SELECT r.created, r.id FROM resources r WHERE r.tenant_id = {tenant} AND r.resource_type IN ({typeList}) ORDER BY r.created, r.id");
        select.With(parameters.Values);
        var anchors = new List<PagePosition>();
        var row = 0;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (++row % Spacing == 0)
            {
                anchors.Add(new PagePosition(CursorValues.FromDb(reader.GetValue(0)), reader.GetString(1)));
            }
        }
        return [.. anchors];
    }
}
