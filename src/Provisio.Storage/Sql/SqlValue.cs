namespace Provisio.Storage.Sql;

/// <summary>Where one value of an attribute sits in SQL: a JSON node in the document, or a column.</summary>
internal abstract record SqlValue;

internal sealed record JsonSqlValue(SqlJsonNode Node) : SqlValue;

/// <summary>A promoted column; <see cref="Folded"/> when it holds the case-folded form (userName, displayName).</summary>
internal sealed record ColumnSqlValue(string Expression, ColumnKind Kind, bool Folded = false) : SqlValue;

internal enum ColumnKind
{
    String,
    Boolean,
    Time,

    /// <summary>A value that is never stored (meta.location, members.$ref): never present, never equal.</summary>
    Never,
}
