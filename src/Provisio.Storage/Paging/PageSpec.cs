namespace Provisio.Storage.Paging;

/// <summary>Which page of a list to read.</summary>
public abstract record PageSpec(int Count);
