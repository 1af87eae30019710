using System.Data.Common;
using Provisio.Scim.Resources;
using Provisio.Storage.Membership;
using Provisio.Storage.Paging;

namespace Provisio.Storage.Sql;

/// <summary>
/// Reads one page of a list: the total (kept by writes when unfiltered, counted otherwise), the page by index or by
/// cursor, and the membership of the groups on it. A filter that scans rather than seeks waits its turn at the
/// tenant's <see cref="ScanGate"/> and runs under the budget's time bound.
/// </summary>
internal sealed class ResourceListReader(ISqlDialect dialect, TimeProvider time)
{
    private readonly IndexPageAnchors anchors = new();
    private readonly ScanGate scans = new(time);

    public async Task<ResourcePage> ListAsync(string tenantId, ListQuery query, CancellationToken cancellationToken)
    {
        // Bind once: an invalid or too complex filter, or an invalid sortBy, fails before any SQL runs.
        var filters = ListSql.BindFilters(query);
        var sort = SortSql.For(query.Sort, query.Types, dialect);
        if (!ListSql.Scans(filters, query.Sort))
        {
            return await ReadListAsync(tenantId, query, filters, sort, scan: false, cancellationToken);
        }
        return await scans.RunAsync(tenantId, query.Budget, token => ReadListAsync(tenantId, query, filters, sort, scan: true, token), cancellationToken);
    }

    private async Task<ResourcePage> ReadListAsync(string tenantId, ListQuery query, IReadOnlyList<BoundFilter> filters, SortSql sort, bool scan, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        // Declared after the connection, so disposed before it goes back to the pool.
        await using var bounds = scan ? await dialect.BoundScanAsync(connection, query.Budget.ScanTimeout, cancellationToken) : null;
        try
        {
            return await ReadListAsync(connection, tenantId, query, filters, sort, cancellationToken);
        }
        catch (DbException exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The list was cancelled.", exception, cancellationToken);
        }
        catch (DbException exception) when (dialect.IsTimeout(exception))
        {
            // A timeout the database set (statement_timeout, the command timeout): the client's filter, not an outage.
            throw ScanGate.TookTooLong(null);
        }
    }

    private async Task<ResourcePage> ReadListAsync(DbConnection connection, string tenantId, ListQuery query, IReadOnlyList<BoundFilter> filters, SortSql sort, CancellationToken cancellationToken)
    {
        long total, changes = -1;
        ResourcePage? firstPage = null;
        var carried = CarriedGroups.For(dialect, query, filters);
        if (filters.All(f => f.Filter is null))
        {
            // Unfiltered: the total is kept by every create and delete, so no rows are counted.
            (total, changes) = await ResourceCounts.ReadAsync(connection, tenantId, query.Types.Select(t => t.Name), cancellationToken);
        }
        else if (query.Page is IndexPage { StartIndex: 1, Count: > 0 } first)
        {
            // The first page is read before counting: when it is not full it holds every match and its size is the
            // total, so a sync's `userName eq` lookup is one query, not a count and a query.
            var read = await ReadIndexPageAsync(connection, tenantId, query, filters, sort, first, long.MaxValue, changes, carried, cancellationToken);
            total = read.Resources.Count < first.Count ? read.Resources.Count : await CountAsync(connection, tenantId, query, filters, cancellationToken);
            firstPage = read with { TotalResults = total, HasNext = read.Resources.Count < total };
        }
        else
        {
            total = await CountAsync(connection, tenantId, query, filters, cancellationToken);
        }
        var page = firstPage ?? query.Page switch
        {
            IndexPage index => await ReadIndexPageAsync(connection, tenantId, query, filters, sort, index, total, changes, carried, cancellationToken),
            CursorPage cursor => await ReadCursorPageAsync(connection, tenantId, query, filters, sort, cursor, total, carried, cancellationToken),
            _ => throw new ArgumentException("Unknown page kind.", nameof(query)),
        };
        if (query.Read.IncludeMembership && page.Resources.Count > 0)
        {
            if (!await new MembershipRows(connection, null, tenantId).AttachAsync(page.Resources, query.Read.MembershipLimit, cancellationToken, carried))
            {
                // Twenty groups of 50,000 members would be a million objects in memory: the caller streams them instead.
                return page with { MembershipOmitted = true };
            }
        }
        return page;
    }

    private async Task<long> CountAsync(DbConnection connection, string tenantId, ListQuery query, IReadOnlyList<BoundFilter> filters, CancellationToken cancellationToken)
    {
        await using var count = ListSql.Command(connection, dialect, tenantId, query, filters, (where, _) => $"SELECT COUNT(*) FROM resources r WHERE {where}");
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<ResourcePage> ReadIndexPageAsync(DbConnection connection, string tenantId, ListQuery query, IReadOnlyList<BoundFilter> filters, SortSql sort, IndexPage index, long total, long changes, CarriedGroups? carried, CancellationToken cancellationToken)
    {
        if (index.Count == 0 || total < index.StartIndex)
        {
            return new ResourcePage([], total);
        }
        // Unfiltered in the default order (an IdP import): start from the nearest remembered position.
        var (after, skip) = changes >= 0 && query.Sort is null
            ? await anchors.LocateAsync(connection, tenantId, [.. query.Types.Select(t => t.Name)], changes, index.StartIndex, cancellationToken)
            : (null, index.StartIndex - 1);
        // Past the first rows, the offset walks the order's index alone and only the rows of the page are read in full;
        // a page that starts at the first match (every lookup) needs no such detour.
        await using var select = ListSql.Command(connection, dialect, tenantId, query, filters, (where, parameters) => skip == 0 && after is null
            ? $"SELECT {ResourceRows.Columns}, {sort.Key}{CarriedColumn(carried, parameters)} FROM resources r WHERE {where} ORDER BY {sort.OrderBy(reverse: false)} LIMIT {parameters.Bind(index.Count)}"
            : $"""
            SELECT {ResourceRows.Columns}, {sort.Key}{CarriedColumn(carried, parameters)} FROM resources r
              JOIN (SELECT r.tenant_id AS t, r.id AS i FROM resources r WHERE {where}{(after is null ? "" : " AND " + sort.After(after, reverse: false, parameters))}
                     ORDER BY {sort.OrderBy(reverse: false)} LIMIT {parameters.Bind(index.Count)} OFFSET {parameters.Bind(skip)}) p
                ON r.tenant_id = p.t AND r.id = p.i
             ORDER BY {sort.OrderBy(reverse: false)}
            """);
        var (rows, _) = await ReadRowsAsync(select, index.Count, carried, cancellationToken);
        return new ResourcePage(rows.Select(r => r.Resource).ToList(), total)
        {
            HasPrevious = index.StartIndex > 1,
            HasNext = index.StartIndex - 1 + rows.Count < total,
        };
    }

    private async Task<ResourcePage> ReadCursorPageAsync(DbConnection connection, string tenantId, ListQuery query, IReadOnlyList<BoundFilter> filters, SortSql sort, CursorPage cursor, long total, CarriedGroups? carried, CancellationToken cancellationToken)
    {
        if (cursor.Count == 0)
        {
            return new ResourcePage([], total);
        }
        var backward = cursor.Before is not null;
        var position = cursor.Before ?? cursor.After;
        await using var select = ListSql.Command(connection, dialect, tenantId, query, filters, (where, parameters) =>
            $"SELECT {ResourceRows.Columns}, {sort.Key}{CarriedColumn(carried, parameters)} FROM resources r WHERE {where}"
            + (position is null ? "" : $" AND {sort.After(position, reverse: backward, parameters)}")
            + $" ORDER BY {sort.OrderBy(reverse: backward)} LIMIT {parameters.Bind(cursor.Count + 1)}");
        var (rows, more) = await ReadRowsAsync(select, cursor.Count, carried, cancellationToken);
        if (backward)
        {
            rows.Reverse();
        }
        return new ResourcePage(rows.Select(r => r.Resource).ToList(), total)
        {
            First = rows.Count > 0 ? rows[0].Position : null,
            Last = rows.Count > 0 ? rows[^1].Position : null,
            HasPrevious = backward ? more : position is not null,
            HasNext = backward || more,
        };
    }

    /// <summary>The users' groups as a last column of the page's statement, when they are carried (after the sort key).</summary>
    private static string CarriedColumn(CarriedGroups? carried, SqlParameters parameters) =>
        carried is null ? "" : carried.ColumnAfterComma(parameters.Bind(carried.PerRow + 1));

    /// <summary>Reads up to <paramref name="limit"/> rows, and tells whether the query had more.</summary>
    private async Task<(List<(ScimResource Resource, PagePosition Position)> Rows, bool More)> ReadRowsAsync(DbCommand select, int limit, CarriedGroups? carried, CancellationToken cancellationToken)
    {
        var rows = new List<(ScimResource, PagePosition)>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (rows.Count == limit)
            {
                return (rows, true);
            }
            var resource = ResourceRows.Read(reader, dialect);
            // The sort key follows the resource's columns, and the carried groups follow it.
            carried?.Read(reader, ResourceRows.ColumnCount + 1, resource);
            rows.Add((resource, new PagePosition(CursorValues.FromDb(reader.GetValue(ResourceRows.ColumnCount)), resource.Id)));
        }
        return (rows, false);
    }
}
