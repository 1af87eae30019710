using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;
using Provisio.Storage.Paging;

namespace Provisio.Storage.Sql;

/// <summary>
/// The order of a list as SQL: the sort value, then id, so ties are stable. A missing value counts as greater than
/// any other, so it comes last when ascending and first when descending (RFC 7644 §3.4.2.3). Without sortBy the order
/// is creation time, then id, which an index serves.
/// </summary>
internal sealed class SortSql
{
    private readonly string key;
    private readonly bool nullable;

    private SortSql(string key, bool nullable, bool descending)
    {
        this.key = key;
        this.nullable = nullable;
        Descending = descending;
    }

    public bool Descending { get; }

    /// <summary>The sort value of a row, selected so a cursor can remember it.</summary>
    public string Key => key;

    public static SortSql For(SortRequest? sort, IReadOnlyList<ResourceTypeDefinition> types, ISqlDialect sql)
    {
        if (sort is null)
        {
            return new SortSql("r.created", nullable: false, descending: false);
        }
        if (types.Count == 1)
        {
            return new SortSql(KeyFor(sort.By, types[0], sql), nullable: true, sort.Descending);
        }
        // A root search sorts each type by its own attribute; a type without it sorts as "missing".
        var branches = new List<string>();
        ScimException? error = null;
        foreach (var type in types)
        {
            try
            {
                branches.Add($"WHEN '{type.Name}' THEN {KeyFor(sort.By, type, sql)}");
            }
            catch (ScimException exception)
            {
                error ??= exception;
            }
        }
        return branches.Count == 0
            ? throw error!
            : new SortSql($"(CASE r.resource_type {string.Join(' ', branches)} END)", nullable: true, sort.Descending);
    }

    public string OrderBy(bool reverse)
    {
        var direction = Descending != reverse ? "DESC" : "ASC";
        var nulls = nullable ? $"({key} IS NULL) {direction}, " : "";
        return $"{nulls}{key} {direction}, r.id {direction}";
    }

    /// <summary>Rows strictly after <paramref name="position"/> in this order (or before it, when <paramref name="reverse"/>).</summary>
    public string After(PagePosition position, bool reverse, SqlParameters parameters)
    {
        var descending = Descending != reverse;
        var id = parameters.Bind(position.Id);
        var value = position.SortKey is null ? null : parameters.Bind(CursorValues.ToDb(position.SortKey));
        if (!nullable)
        {
            return $"(({key}, r.id) {(descending ? "<" : ">")} ({value}, {id}))";
        }
        // Missing values count as greater than every value.
        string beyond, equal;
        if (value is null)
        {
            beyond = descending ? $"({key} IS NOT NULL)" : "(1 = 0)";
            equal = $"({key} IS NULL)";
        }
        else
        {
            beyond = descending ? $"({key} IS NOT NULL AND {key} < {value})" : $"({key} IS NULL OR {key} > {value})";
            equal = $"({key} = {value})";
        }
        return $"({beyond} OR ({equal} AND r.id {(descending ? "<" : ">")} {id}))";
    }

    private static string KeyFor(AttributePath by, ResourceTypeDefinition type, ISqlDialect sql)
    {
        var path = AttributeResolver.Resolve(by, type, ScimErrorType.InvalidValue);
        if (!path.IsDeclared)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"sortBy must name an attribute a schema declares, not '{by}'.");
        }
        if (Column(path, type) is { } column)
        {
            return column;
        }
        if (path.Is("members", path.SubName) || path.Is("groups", path.SubName))
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"Sorting by '{path.Path}' is not supported.");
        }
        var definition = path.Definition!;
        var sub = path.SubName ?? (definition is { Type: AttributeType.Complex, MultiValued: true } && definition.FindSubAttribute("value") is not null ? "value" : null);
        var leaf = sub is null ? definition : definition.FindSubAttribute(sub)!;
        if (leaf.Type == AttributeType.Complex)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"sortBy '{path.Path}' is complex: name one of its sub-attributes.");
        }
        var container = path.Extension is null ? sql.Document : sql.At(sql.Document, [path.Extension]);
        var attribute = sql.At(container, [path.Name]);
        if (!definition.MultiValued)
        {
            return Value(sub is null ? attribute : sql.At(attribute, [sub]), leaf, sql);
        }
        // Multi-valued: the primary value, if any, else the first (RFC 7644 §3.4.2.3).
        var element = sql.Row("s");
        var value = Value(sub is null ? element : sql.At(element, [sub]), leaf, sql);
        var primary = sql.IsTrue(sql.At(element, ["primary"]));
        return $"COALESCE((SELECT {value} FROM {sql.ElementsOf(attribute, "s")} WHERE {primary} ORDER BY {sql.PositionOf("s")} LIMIT 1),"
            + $" (SELECT {value} FROM {sql.ElementsOf(attribute, "s")} ORDER BY {sql.PositionOf("s")} LIMIT 1))";
    }

    /// <summary>A typed, comparable value: folded text unless caseExact, numbers, booleans as 0/1, instants.</summary>
    private static string Value(SqlJsonNode node, AttributeDefinition leaf, ISqlDialect sql) => leaf.Type switch
    {
        AttributeType.Boolean => $"(CASE WHEN {sql.IsBoolean(node)} THEN (CASE WHEN {sql.IsTrue(node)} THEN 1 ELSE 0 END) END)",
        AttributeType.Integer or AttributeType.Decimal => $"(CASE WHEN {sql.IsNumber(node)} THEN {sql.Number(node)} END)",
        AttributeType.DateTime => $"(CASE WHEN {sql.IsString(node)} THEN {sql.Instant(sql.Text(node))} END)",
        _ => $"(CASE WHEN {sql.IsString(node)} THEN {(leaf.CaseExact ? sql.Text(node) : sql.Fold(sql.Text(node)))} END)",
    };

    private static string? Column(ResolvedPath path, ResourceTypeDefinition type) => path switch
    {
        _ when path.Is("id") => "r.id",
        _ when path.Is("externalId") => "r.external_id",
        _ when type.Name == ResourceTypeNames.User && path.Is("userName") => "r.user_name",
        _ when path.Is("displayName") => "r.display_name",
        _ when type.Name == ResourceTypeNames.User && path.Is("active") => "r.active",
        _ when path.Is("meta", "created") => "r.created",
        _ when path.Is("meta", "lastModified") => "r.last_modified",
        _ when path.Is("meta", "resourceType") => "r.resource_type",
        _ when path.Is("meta", "version") => "r.version",
        _ when path.Extension is null && path.Name == "meta" => throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"Sorting by '{path.Path}' is not supported."),
        _ => null,
    };
}
