namespace Provisio.Storage.Paging;

/// <summary>RFC 7644 index paging: <see cref="StartIndex"/> is 1-based.</summary>
public sealed record IndexPage(int StartIndex, int Count) : PageSpec(Count);
