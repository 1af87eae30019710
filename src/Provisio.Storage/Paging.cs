using System.Text.Json.Nodes;

namespace Provisio.Storage;

/// <summary>Which page of a list to read.</summary>
public abstract record PageSpec(int Count);

/// <summary>RFC 7644 index paging: <see cref="StartIndex"/> is 1-based.</summary>
public sealed record IndexPage(int StartIndex, int Count) : PageSpec(Count);

/// <summary>
/// RFC 9865 cursor paging, as a keyset on the list's order: the page after <see cref="After"/> (or the first page), or
/// the page before <see cref="Before"/>. A page costs the same at any depth.
/// </summary>
public sealed record CursorPage(PagePosition? After, PagePosition? Before, int Count) : PageSpec(Count);

/// <summary>A place in a list's order: the sort value of a row (a JSON scalar or null) and its id.</summary>
public sealed record PagePosition(JsonNode? SortKey, string Id);
