namespace Provisio.Storage.Paging;

/// <summary>
/// RFC 9865 cursor paging, as a keyset on the list's order: the page after <see cref="After"/> (or the first page), or
/// the page before <see cref="Before"/>. A page costs the same at any depth.
/// </summary>
public sealed record CursorPage(PagePosition? After, PagePosition? Before, int Count) : PageSpec(Count);
