using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Storage;

/// <summary>
/// A list request: the resource types searched (one, or several for a root <c>/.search</c>), an optional filter and
/// sort, the page, and whether membership must be read.
/// </summary>
public sealed record ListQuery(
    IReadOnlyList<ResourceTypeDefinition> Types,
    FilterNode? Filter,
    SortRequest? Sort,
    PageSpec Page,
    ReadOptions Read);
