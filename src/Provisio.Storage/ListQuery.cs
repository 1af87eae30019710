using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;
using Provisio.Storage.Paging;

namespace Provisio.Storage;

/// <summary>
/// A list request: the resource types searched (one, or several for a root <c>/.search</c>), an optional filter and
/// sort, the page, whether membership must be read, and what the list may cost.
/// </summary>
public sealed record ListQuery(
    IReadOnlyList<ResourceTypeDefinition> Types,
    FilterNode? Filter,
    SortRequest? Sort,
    PageSpec Page,
    ReadOptions Read)
{
    /// <summary>The limits this list is held to.</summary>
    public QueryBudget Budget { get; init; } = QueryBudget.Default;
}
