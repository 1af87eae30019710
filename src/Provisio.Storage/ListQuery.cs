using Provisio.Scim.Filtering;
using Provisio.Scim.Messages;

namespace Provisio.Storage;

/// <summary>A list request: an optional filter, a page, and whether membership must be read.</summary>
public sealed record ListQuery(FilterNode? Filter, PageRequest Page, ReadOptions Read);
