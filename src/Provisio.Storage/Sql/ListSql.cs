using System.Data.Common;
using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Storage.Sql;

/// <summary>A filter bound to one of the searched resource types (null: no filter), and whether it is lookups alone.</summary>
/// <param name="OnlyLookups">Whether an index narrows the filter and every condition is a lookup: nothing reads documents.</param>
internal sealed record BoundFilter(ResourceTypeDefinition Type, FilterNode? Filter, bool OnlyLookups = false);

/// <summary>The WHERE clause of a list: tenant, resource type(s) and filter, with fresh parameters per statement.</summary>
internal static class ListSql
{
    /// <summary>
    /// Binds the filter to each searched type. In a root search a filter that names attributes a type lacks simply
    /// matches nothing of that type; it is an error only when it fits no type. A filter over the budget's limits is
    /// refused as too complex.
    /// </summary>
    public static IReadOnlyList<BoundFilter> BindFilters(ListQuery query)
    {
        if (query.Filter is null)
        {
            return query.Types.Select(t => new BoundFilter(t, null)).ToList();
        }
        var bound = new List<BoundFilter>();
        ScimException? error = null;
        foreach (var type in query.Types)
        {
            FilterNode filter;
            try
            {
                filter = FilterBinder.Bind(query.Filter, type);
            }
            catch (ScimException exception) when (query.Types.Count > 1)
            {
                error ??= exception;
                continue;
            }
            var cost = query.Budget.Filter.Check(filter);
            bound.Add(new BoundFilter(type, filter, cost.Indexed && cost.ScanTerms == 0));
        }
        return bound.Count > 0 ? bound : throw error!;
    }

    /// <summary>
    /// Whether the list may read a whole tenant's resources: a sort, or a filter with any condition that reads documents.
    /// An index that narrows such a filter is no bound, since the tenant chooses its own values (every user may have
    /// the same displayName). Pure lookups read index entries only, and an unfiltered list in the default order starts
    /// from its index and reads only the page.
    /// </summary>
    public static bool Scans(IReadOnlyList<BoundFilter> filters, SortRequest? sort) =>
        sort is not null || filters.Any(f => f.Filter is not null && !f.OnlyLookups);

    public static DbCommand Command(DbConnection connection, ISqlDialect dialect, string tenantId, ListQuery query,
        IReadOnlyList<BoundFilter> filters, Func<string, SqlParameters, string> statement)
    {
        var parameters = new SqlParameters();
        var tenant = parameters.Bind(tenantId);
        // One searched type (every list but a root search) needs no joining of branches.
        var branches = filters is [var only]
            ? Branch(only, dialect, parameters, tenant)
            : string.Join(" OR ", filters.Select(f => Branch(f, dialect, parameters, tenant)));
        var sql = statement($"r.tenant_id = {tenant} AND ({branches})", parameters);
        var command = connection.CreateCommand(null, sql);
        command.With(parameters.Values);
        return command;
    }

    private static string Branch(BoundFilter filter, ISqlDialect dialect, SqlParameters parameters, string tenant)
    {
        if (filter.Filter is null)
        {
            return $"r.resource_type = {parameters.Bind(filter.Type.Name)}";
        }
        var condition = FilterSqlTranslator.Translate(filter.Filter, filter.Type, dialect, parameters, tenant);
        // A userName lookup names no resource type: the type adds nothing to it, and PostgreSQL's planner, while a
        // table has no statistics yet, would take (tenant, type) for as narrow as the userName index and walk the
        // whole type in order instead (docs/performance.md, tenth step).
        return FilterSqlTranslator.OnlyUsersMatch(filter.Filter, filter.Type)
            ? condition
            : $"(r.resource_type = {parameters.Bind(filter.Type.Name)} AND {condition})";
    }
}
