namespace Provisio.Storage.Sql;

/// <summary>A SQL condition with its bound parameters; values never become SQL text.</summary>
public sealed record SqlFilter(string Sql, IReadOnlyList<KeyValuePair<string, object?>> Parameters);
