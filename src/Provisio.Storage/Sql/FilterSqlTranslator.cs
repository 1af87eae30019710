using System.Globalization;
using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Storage.Sql;

/// <summary>
/// Translates a filter AST into a SQL condition over <c>resources r</c>. It covers what IdPs send on every sync —
/// <c>eq</c> on userName, externalId, id, displayName, emails.value (also as <c>emails[type eq "work"].value</c>) and
/// active, joined by <c>and</c> — each answered by an index. Any other valid filter is refused with
/// <c>invalidFilter</c> until the full grammar lands (issue #3).
/// </summary>
public sealed class FilterSqlTranslator
{
    private readonly string resourceType;
    private readonly List<KeyValuePair<string, object?>> parameters = [];

    private FilterSqlTranslator(string resourceType) => this.resourceType = resourceType;

    public static SqlFilter Translate(FilterNode filter, string resourceType)
    {
        var translator = new FilterSqlTranslator(resourceType);
        var sql = translator.Visit(filter);
        return new SqlFilter(sql, translator.parameters);
    }

    private string Visit(FilterNode node) => node switch
    {
        AndFilter and => $"({Visit(and.Left)} AND {Visit(and.Right)})",
        ComparisonFilter { Operator: ComparisonOperator.Eq } eq => Equality(eq),
        ValuePathFilter valuePath => EmailValuePath(valuePath),
        _ => throw Unsupported(node),
    };

    private string Equality(ComparisonFilter filter)
    {
        var path = filter.Path;
        if (path.SchemaUrn is not null && !string.Equals(path.SchemaUrn, CoreSchema, StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported(filter);
        }
        var isUser = resourceType == "User";
        var name = path.SubAttribute is null ? path.Name : $"{path.Name}.{path.SubAttribute}";
        return name.ToLowerInvariant() switch
        {
            "id" => $"r.id = {Bind(Text(filter))}",
            "externalid" => $"r.external_id = {Bind(Text(filter))}",
            "username" when isUser => $"r.user_name = {Bind(KeyFolding.Fold(Text(filter)))}",
            "displayname" => $"r.display_name = {Bind(KeyFolding.Fold(Text(filter)))}",
            "emails.value" when isUser => EmailExists(KeyFolding.Fold(Text(filter)), type: null),
            "active" when isUser => filter.Value is bool flag
                ? $"r.active = {Bind(flag ? 1 : 0)}"
                : throw ScimException.BadRequest(ScimErrorType.InvalidFilter, "'active' is compared with true or false."),
            _ => throw Unsupported(filter),
        };
    }

    /// <summary><c>emails[type eq "work" and value eq "x"]</c>, and Entra's <c>emails[type eq "work"].value eq "x"</c>.</summary>
    private string EmailValuePath(ValuePathFilter filter)
    {
        if (resourceType != "User" || !string.Equals(filter.Path.Name, "emails", StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported(filter);
        }
        string? value = null, type = null;
        foreach (var condition in Conjuncts(filter.Filter))
        {
            if (condition is not ComparisonFilter { Operator: ComparisonOperator.Eq, Path.SubAttribute: null } eq)
            {
                throw Unsupported(filter);
            }
            switch (eq.Path.Name.ToLowerInvariant())
            {
                case "value":
                    value = KeyFolding.Fold(Text(eq));
                    break;
                case "type":
                    type = KeyFolding.Fold(Text(eq));
                    break;
                default:
                    throw Unsupported(filter);
            }
        }
        return value is null ? throw Unsupported(filter) : EmailExists(value, type);
    }

    private string EmailExists(string value, string? type) =>
        "EXISTS (SELECT 1 FROM resource_values v WHERE v.tenant_id = r.tenant_id AND v.resource_id = r.id"
        + $" AND v.attribute = '{ResourceKeys.EmailValue}' AND v.value = {Bind(value)}"
        + (type is null ? "" : $" AND v.qualifier = {Bind(type)}") + ")";

    private static IEnumerable<FilterNode> Conjuncts(FilterNode node) =>
        node is AndFilter and ? Conjuncts(and.Left).Concat(Conjuncts(and.Right)) : [node];

    private string CoreSchema => resourceType == "User" ? ScimSchemas.User : ScimSchemas.Group;

    private string Bind(object value)
    {
        var name = $"@f{parameters.Count}";
        parameters.Add(new(name, value));
        return name;
    }

    /// <summary>String attributes compare with strings; an unquoted number (externalId eq 12345) is read as its text.</summary>
    private static string Text(ComparisonFilter filter) => filter.Value switch
    {
        string text => text,
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        _ => throw ScimException.BadRequest(ScimErrorType.InvalidFilter, $"'{filter.Path}' is compared with a string."),
    };

    private static ScimException Unsupported(FilterNode node) => ScimException.BadRequest(ScimErrorType.InvalidFilter,
        $"This filter is valid but not supported yet: only 'eq' on userName, externalId, id, displayName, emails.value and active, joined by 'and', is ({Describe(node)}).");

    private static string Describe(FilterNode node) => node switch
    {
        ComparisonFilter c => $"{c.Path} {c.Operator.ToString().ToLowerInvariant()}",
        PresentFilter p => $"{p.Path} pr",
        ValuePathFilter v => $"{v.Path}[...]",
        OrFilter => "or",
        NotFilter => "not",
        _ => node.GetType().Name,
    };
}
