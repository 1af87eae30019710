using System.Globalization;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Storage.Sql;

/// <summary>
/// Translates a bound filter (<see cref="FilterBinder"/>) into a SQL condition over <c>resources r</c> that selects
/// exactly what <see cref="FilterEvaluator"/> would. The keys IdPs look up on every sync (id, externalId, userName,
/// displayName, active, emails.value, meta dates) use their indexed columns; group membership uses its table; every
/// other attribute is read from the JSON document. The result is never SQL NULL, so <c>not</c> is exact.
/// </summary>
public sealed class FilterSqlTranslator
{
    private readonly ResourceTypeDefinition type;
    private readonly ISqlDialect sql;
    private readonly SqlParameters parameters;
    private readonly string tenant;
    private int aliases;

    private FilterSqlTranslator(ResourceTypeDefinition type, ISqlDialect sql, SqlParameters parameters, string tenant)
    {
        this.type = type;
        this.sql = sql;
        this.parameters = parameters;
        this.tenant = tenant;
    }

    /// <param name="boundFilter">A filter from <see cref="FilterBinder"/>.</param>
    /// <param name="type">The resource type the filter was bound to.</param>
    /// <param name="dialect">The database's SQL.</param>
    /// <param name="parameters">Where values are bound.</param>
    /// <param name="tenant">The placeholder of the tenant id, so lookups in side tables start from their indexes.</param>
    public static string Translate(FilterNode boundFilter, ResourceTypeDefinition type, ISqlDialect dialect, SqlParameters parameters, string tenant) =>
        new FilterSqlTranslator(type, dialect, parameters, tenant).Visit(boundFilter);

    /// <summary>
    /// Whether only Users can match: the filter asks for a userName value under its top-level ANDs (every comparison
    /// of the column reads "r.user_name IS NOT NULL AND ..."), and only Users fill <c>r.user_name</c>.
    /// </summary>
    public static bool OnlyUsersMatch(FilterNode boundFilter, ResourceTypeDefinition type) =>
        type.Name == ResourceTypeNames.User && AsksForUserName(boundFilter, type);

    /// <summary>
    /// Whether at most one User can match: the filter asks for one userName with "eq" under its top-level ANDs, and a
    /// userName is unique in a tenant whatever its case (an IdP's lookup before each create).
    /// </summary>
    public static bool MatchesOneUserAtMost(FilterNode boundFilter, ResourceTypeDefinition type) =>
        type.Name == ResourceTypeNames.User && AsksForOneUserName(boundFilter, type);

    private static bool AsksForOneUserName(FilterNode node, ResourceTypeDefinition type) => node switch
    {
        AndFilter and => AsksForOneUserName(and.Left, type) || AsksForOneUserName(and.Right, type),
        ComparisonFilter { Operator: ComparisonOperator.Eq, Value: not null } comparison => AttributeResolver.Resolve(comparison.Path, type).Is("userName"),
        _ => false,
    };

    private static bool AsksForUserName(FilterNode node, ResourceTypeDefinition type) => node switch
    {
        AndFilter and => AsksForUserName(and.Left, type) || AsksForUserName(and.Right, type),
        ComparisonFilter { Value: not null } comparison => AttributeResolver.Resolve(comparison.Path, type).Is("userName"),
        PresentFilter present => AttributeResolver.Resolve(present.Path, type).Is("userName"),
        _ => false,
    };

    private bool IsUser => type.Name == ResourceTypeNames.User;

    private string Visit(FilterNode node) => node switch
    {
        AndFilter and => $"({Visit(and.Left)} AND {Visit(and.Right)})",
        OrFilter or => $"({Visit(or.Left)} OR {Visit(or.Right)})",
        NotFilter not => $"(NOT {Visit(not.Inner)})",
        PresentFilter present => Values(Resolve(present.Path), Present),
        ComparisonFilter { Value: null } missing => missing.Operator == ComparisonOperator.Eq
            ? $"(NOT {Values(Resolve(missing.Path), Present)})"
            : Values(Resolve(missing.Path), Present),
        ComparisonFilter comparison => Comparison(Resolve(comparison.Path), comparison),
        ValuePathFilter valuePath => ValuePath(Resolve(valuePath.Path), valuePath.Filter),
        _ => throw new ArgumentException($"Unknown filter node {node.GetType().Name}.", nameof(node)),
    };

    private ResolvedPath Resolve(AttributePath path) => AttributeResolver.Resolve(path, type);

    private string Comparison(ResolvedPath path, ComparisonFilter filter)
    {
        if (IsUser && path.Is("emails", "value") && filter is { Operator: ComparisonOperator.Eq, Value: string email })
        {
            return EmailIndex(ScimValues.Fold(email), foldedType: null);
        }
        return Values(path, value => Compare(value, filter, path.Leaf));
    }

    /// <summary>True when some value of the attribute satisfies <paramref name="predicate"/>.</summary>
    private string Values(ResolvedPath path, Func<SqlValue, string> predicate)
    {
        if (Column(path) is { } column)
        {
            return predicate(column);
        }
        if (Membership(path) is { } membership)
        {
            return path.SubName is null
                ? membership.Matching(_ => "1 = 1")
                : membership.Matching(sub => predicate(sub(path.SubName)));
        }
        return Attribute(path, node =>
        {
            if (path.SubName is null)
            {
                return Unnest(path, node, element => predicate(new JsonSqlValue(element)));
            }
            return Unnest(path, node, element => Member(element, path.SubName, path.IsDeclared, value => predicate(new JsonSqlValue(value))));
        });
    }

    private string ValuePath(ResolvedPath path, FilterNode inner)
    {
        if (IsUser && path.Is("emails") && EmailLookup(inner) is { } lookup)
        {
            return EmailIndex(lookup.Value, lookup.Type);
        }
        if (Membership(path) is { } membership)
        {
            return membership.Matching(sub => Inner(inner, path, relative => sub(relative.SubName!), element: null));
        }
        return Attribute(path, node => Unnest(path, node, element =>
            $"({sql.IsObject(element)} AND {Inner(inner, path, _ => null, element)})"));
    }

    /// <summary>A filter inside <c>attr[…]</c>, over one value of the attribute.</summary>
    private string Inner(FilterNode node, ResolvedPath parent, Func<ResolvedPath, SqlValue?> column, SqlJsonNode? element)
    {
        string Recurse(FilterNode n) => Inner(n, parent, column, element);
        string Sub(AttributePath relative, Func<SqlValue, string> predicate)
        {
            var sub = AttributeResolver.ResolveWithin(parent, relative, type);
            if (column(sub) is { } value)
            {
                return predicate(value);
            }
            return Member(element!, sub.SubName!, parent.IsDeclared, node => predicate(new JsonSqlValue(node)));
        }
        return node switch
        {
            AndFilter and => $"({Recurse(and.Left)} AND {Recurse(and.Right)})",
            OrFilter or => $"({Recurse(or.Left)} OR {Recurse(or.Right)})",
            NotFilter not => $"(NOT {Recurse(not.Inner)})",
            PresentFilter present => Sub(present.Path, Present),
            ComparisonFilter { Value: null } missing => missing.Operator == ComparisonOperator.Eq
                ? $"(NOT {Sub(missing.Path, Present)})"
                : Sub(missing.Path, Present),
            ComparisonFilter comparison => Sub(comparison.Path, value =>
                Compare(value, comparison, AttributeResolver.ResolveWithin(parent, comparison.Path, type).Leaf)),
            _ => throw new ArgumentException($"Unexpected filter node {node.GetType().Name} inside a value filter.", nameof(node)),
        };
    }

    /// <summary>Finds the attribute's node in the document (or in its extension object) and applies <paramref name="atAttribute"/>.</summary>
    private string Attribute(ResolvedPath path, Func<SqlJsonNode, string> atAttribute)
    {
        if (path.Extension is null)
        {
            return Member(sql.Document, path.Name, path.IsDeclared, atAttribute);
        }
        return Member(sql.Document, path.Extension, path.IsDeclared, extension => Member(extension, path.Name, path.IsDeclared, atAttribute));
    }

    /// <summary>A member of an object node: declared names are stored in the schema's spelling; others match case-insensitively.</summary>
    private string Member(SqlJsonNode node, string name, bool exact, Func<SqlJsonNode, string> atMember)
    {
        var alias = NextAlias();
        var key = exact ? $"{sql.KeyOf(alias)} = {Bind(name)}" : $"{sql.Fold(sql.KeyOf(alias))} = {Bind(ScimValues.Fold(name))}";
        return $"EXISTS (SELECT 1 FROM {sql.MembersOf(node, alias)} WHERE {key} AND {atMember(sql.Row(alias))})";
    }

    /// <summary>
    /// Applies a predicate to each value of an attribute node: the elements of a multi-valued one, the node itself for
    /// a singular one, and either for an attribute no schema declares (its shape is whatever was sent).
    /// </summary>
    private string Unnest(ResolvedPath path, SqlJsonNode node, Func<SqlJsonNode, string> predicate)
    {
        if (path.IsDeclared)
        {
            return path.MultiValued ? Elements(node, predicate) : predicate(node);
        }
        return $"((NOT {sql.IsArray(node)} AND {predicate(node)}) OR {Elements(node, predicate)})";
    }

    private string Elements(SqlJsonNode node, Func<SqlJsonNode, string> predicate)
    {
        var alias = NextAlias();
        return $"EXISTS (SELECT 1 FROM {sql.ElementsOf(node, alias)} WHERE {predicate(sql.Row(alias))})";
    }

    private string Compare(SqlValue value, ComparisonFilter filter, AttributeDefinition? leaf)
    {
        var kind = leaf?.Type ?? filter.Value switch { bool => AttributeType.Boolean, decimal => AttributeType.Decimal, _ => AttributeType.String };
        var caseExact = leaf?.CaseExact ?? false;
        switch (value)
        {
            case ColumnSqlValue { Kind: ColumnKind.Never }:
                return "(1 = 0)";
            case ColumnSqlValue { Kind: ColumnKind.Boolean } column:
                return $"({column.Expression} IS NOT NULL AND {column.Expression} {Operator(filter.Operator)} {Bind(sql.ToDbBoolean((bool)filter.Value!))})";
            case ColumnSqlValue { Kind: ColumnKind.Time } column:
                return $"({column.Expression} {Operator(filter.Operator)} {Bind(sql.ToDbTime(Instant(filter)))})";
            case ColumnSqlValue column:
                var text = column.Folded || caseExact ? column.Expression : sql.Fold(column.Expression);
                return $"({column.Expression} IS NOT NULL AND {StringComparison(text, filter, caseExact)})";
        }
        var node = ((JsonSqlValue)value).Node;
        return kind switch
        {
            AttributeType.Boolean =>
                $"({sql.IsBoolean(node)} AND (CASE WHEN {sql.IsTrue(node)} THEN 1 ELSE 0 END) {Operator(filter.Operator)} {Bind((bool)filter.Value! ? 1 : 0)})",
            AttributeType.Integer or AttributeType.Decimal =>
                $"({sql.IsNumber(node)} AND {sql.Number(node)} {Operator(filter.Operator)} {Bind(sql.ToDbNumber((decimal)filter.Value!))})",
            AttributeType.DateTime => DateTimeComparison(node, filter),
            _ => $"({sql.IsString(node)} AND {StringComparison(caseExact ? sql.Text(node) : sql.Fold(sql.Text(node)), filter, caseExact)})",
        };
    }

    private string DateTimeComparison(SqlJsonNode node, ComparisonFilter filter)
    {
        var ticks = sql.Instant(sql.Text(node));
        return $"({sql.IsString(node)} AND {ticks} IS NOT NULL AND {ticks} {Operator(filter.Operator)} {Bind(Instant(filter).UtcTicks)})";
    }

    /// <summary>The binder has checked that a dateTime comparison carries an xsd:dateTime.</summary>
    private static DateTimeOffset Instant(ComparisonFilter filter) =>
        ScimValues.TryParseDateTime((string)filter.Value!, out var instant)
            ? instant
            : throw new ArgumentException("An unbound filter reached the SQL translator.", nameof(filter));

    private string StringComparison(string text, ComparisonFilter filter, bool caseExact)
    {
        var literal = (string)filter.Value!;
        literal = caseExact ? literal : ScimValues.Fold(literal);
        if (literal.Length == 0 && filter.Operator is ComparisonOperator.Co or ComparisonOperator.Sw or ComparisonOperator.Ew)
        {
            return "(1 = 1)";
        }
        var bound = Bind(literal);
        return filter.Operator switch
        {
            ComparisonOperator.Co => sql.Contains(text, bound),
            ComparisonOperator.Sw => sql.StartsWith(text, bound),
            ComparisonOperator.Ew => sql.EndsWith(text, bound),
            _ => $"{text} {Operator(filter.Operator)} {bound}",
        };
    }

    private string Present(SqlValue value) => value switch
    {
        ColumnSqlValue { Kind: ColumnKind.Never } => "(1 = 0)",
        ColumnSqlValue { Kind: ColumnKind.Time } => "(1 = 1)",
        ColumnSqlValue { Kind: ColumnKind.Boolean } column => $"({column.Expression} IS NOT NULL)",
        ColumnSqlValue column => $"({column.Expression} IS NOT NULL AND {column.Expression} <> '')",
        JsonSqlValue json => sql.IsPresent(json.Node),
        _ => throw new ArgumentException("Unknown value.", nameof(value)),
    };

    /// <summary>The attributes that live in their own columns.</summary>
    private ColumnSqlValue? Column(ResolvedPath path) => path switch
    {
        _ when path.Is("id") => new("r.id", ColumnKind.String),
        _ when path.Is("externalId") => new("r.external_id", ColumnKind.String),
        _ when IsUser && path.Is("userName") => new("r.user_name", ColumnKind.String, Folded: true),
        _ when path.Is("displayName") => new("r.display_name", ColumnKind.String, Folded: true),
        _ when IsUser && path.Is("active") => new("r.active", ColumnKind.Boolean),
        _ when path.Is("meta", "created") => new("r.created", ColumnKind.Time),
        _ when path.Is("meta", "lastModified") => new("r.last_modified", ColumnKind.Time),
        _ when path.Is("meta", "resourceType") => new("r.resource_type", ColumnKind.String),
        _ when path.Is("meta", "version") => new("('W/\"' || r.version || '\"')", ColumnKind.String),
        _ when path.Is("meta") => new("r.created", ColumnKind.Time),
        _ when path.Extension is null && path.Name == "meta" => new("NULL", ColumnKind.Never),
        _ => null,
    };

    /// <summary>
    /// Group.members and User.groups: rows of the membership table, not part of the document. Written as
    /// "r.id IN (rows that match)" so a selective condition (a member id) starts from the membership index.
    /// </summary>
    private MembershipSource? Membership(ResolvedPath path) => (IsUser, path.Name) switch
    {
        (false, "members") when path.Extension is null => new DirectMembers(this),
        (true, "groups") when path.Extension is null => new NestedGroups(this),
        _ => null,
    };

    /// <summary>A condition on one entry of Group.members or User.groups, given the column of each sub-attribute.</summary>
    private delegate string EntryCondition(Func<string, ColumnSqlValue> column);

    private abstract class MembershipSource
    {
        public abstract string Matching(EntryCondition condition);

        protected static ColumnSqlValue Column(string name, string value, string type, string display) => name switch
        {
            "value" => new(value, ColumnKind.String),
            "type" => new(type, ColumnKind.String),
            "display" => new(display, ColumnKind.String),
            _ => new("NULL", ColumnKind.Never),
        };
    }

    /// <summary>A group's members: its own rows.</summary>
    private sealed class DirectMembers(FilterSqlTranslator translator) : MembershipSource
    {
        public override string Matching(EntryCondition condition)
        {
            var (m, d) = (translator.NextAlias(), translator.NextAlias());
            return $"(r.id IN (SELECT {m}.group_id FROM group_members {m}"
                + $" LEFT JOIN resources {d} ON {d}.tenant_id = {m}.tenant_id AND {d}.id = {m}.member_id"
                + $" WHERE {m}.tenant_id = {translator.tenant} AND {condition(name => Column(name, $"{m}.member_id", $"{m}.member_type", $"{d}.display"))}))";
        }
    }

    /// <summary>
    /// A user's groups, direct and through nested groups, as <c>groups</c> shows them: the groups that satisfy the
    /// condition are found first (by their index when it names one), and their users collected by descending through
    /// the groups inside them; UNION drops a row met before, so the descent stops by itself. When the condition asks
    /// for the entry's <c>type</c>, the groups are those it could hold for as direct or as indirect, and the condition
    /// is checked again on each (user, group) pair with its real type.
    /// </summary>
    private sealed class NestedGroups(FilterSqlTranslator translator) : MembershipSource
    {
        public override string Matching(EntryCondition condition)
        {
            var tenant = translator.tenant;
            var (b, m, d, n) = (translator.NextAlias(), translator.NextAlias(), translator.NextAlias(), translator.NextAlias());
            var asksType = false;
            var top = condition(name =>
            {
                asksType |= name == "type";
                return Column(name, $"{m}.group_id", "'direct'", $"{d}.display");
            });
            if (asksType)
            {
                top = $"({top} OR {condition(name => Column(name, $"{m}.group_id", "'indirect'", $"{d}.display"))})";
            }
            // The (group, user, level) pairs are kept only when the type is asked for; otherwise the users alone.
            var (columns, topColumns, belowColumns) = asksType
                ? ("top_id, member_id, member_type, indirect", $"{m}.group_id, {m}.member_id, {m}.member_type, 0", $"{b}.top_id, {n}.member_id, {n}.member_type, 1")
                : ("member_id, member_type", $"{m}.member_id, {m}.member_type", $"{n}.member_id, {n}.member_type");
            var descend = $"""
                WITH RECURSIVE {b} ({columns}) AS (
                SELECT {topColumns} FROM group_members {m}
                  LEFT JOIN resources {d} ON {d}.tenant_id = {m}.tenant_id AND {d}.id = {m}.group_id
                 WHERE {m}.tenant_id = {tenant} AND {top}
                UNION
                SELECT {belowColumns}
                  FROM {b} JOIN group_members {n} ON {n}.tenant_id = {tenant} AND {n}.group_id = {b}.member_id
                 WHERE {b}.member_type = 'Group')
                """;
            if (!asksType)
            {
                return $"(r.id IN ({descend} SELECT member_id FROM {b}))";
            }
            var g = translator.NextAlias();
            var pair = condition(name => Column(name, $"{b}.top_id", $"CASE WHEN MIN({b}.indirect) = 0 THEN 'direct' ELSE 'indirect' END", $"{g}.display"));
            return $"(r.id IN ({descend} SELECT {b}.member_id FROM {b}"
                + $" LEFT JOIN resources {g} ON {g}.tenant_id = {tenant} AND {g}.id = {b}.top_id"
                + $" GROUP BY {b}.top_id, {b}.member_id, {g}.display HAVING {pair}))";
        }
    }

    /// <summary>emails[type eq "work" and value eq "x"] and emails[type eq "work"].value eq "x" use the emails index.</summary>
    private static (string Value, string? Type)? EmailLookup(FilterNode inner)
    {
        string? value = null, emailType = null;
        foreach (var condition in inner.Conjuncts())
        {
            if (condition is not ComparisonFilter { Operator: ComparisonOperator.Eq, Value: string text } eq)
            {
                return null;
            }
            switch (eq.Path.Name)
            {
                case "value" when value is null:
                    value = ScimValues.Fold(text);
                    break;
                case "type" when emailType is null:
                    emailType = ScimValues.Fold(text);
                    break;
                default:
                    return null;
            }
        }
        return value is null ? null : (value, emailType);
    }

    /// <summary>An uncorrelated lookup, so the database starts from the value index rather than scanning resources.</summary>
    private string EmailIndex(string foldedValue, string? foldedType) =>
        $"(r.id IN (SELECT v.resource_id FROM resource_values v WHERE v.tenant_id = {tenant}"
        + $" AND v.attribute = '{ResourceKeys.EmailValue}' AND v.value = {Bind(foldedValue)}"
        + (foldedType is null ? "" : $" AND v.qualifier = {Bind(foldedType)}") + "))";

    private static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Eq => "=",
        ComparisonOperator.Ne => "<>",
        ComparisonOperator.Gt => ">",
        ComparisonOperator.Ge => ">=",
        ComparisonOperator.Lt => "<",
        ComparisonOperator.Le => "<=",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not an ordering operator."),
    };

    private string Bind(object value) => parameters.Bind(value);

    private string NextAlias() => "j" + (aliases++).ToString(CultureInfo.InvariantCulture);
}
