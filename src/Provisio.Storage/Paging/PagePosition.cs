using System.Text.Json.Nodes;

namespace Provisio.Storage.Paging;

/// <summary>A place in a list's order: the sort value of a row (a JSON scalar or null) and its id.</summary>
public sealed record PagePosition(JsonNode? SortKey, string Id);
