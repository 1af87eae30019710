using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Filtering;

/// <summary>
/// Evaluates a bound filter (<see cref="FilterBinder"/>) against a resource in memory: the reference semantics that
/// the SQL translators must reproduce. A comparison on a multi-valued attribute matches when any value matches; a
/// comparison with an absent value never matches (so <c>ne</c> needs a value), and <c>eq null</c> means "not present".
/// </summary>
public static class FilterEvaluator
{
    public static bool Matches(FilterNode filter, ScimResource resource, ResourceTypeDefinition type) =>
        Evaluate(filter, new Scope(resource, type, Element: null, Parent: null));

    /// <summary>
    /// Whether one value of a multi-valued attribute matches the bound inner filter of <c>attr[…]</c> (used by PATCH
    /// paths such as <c>emails[type eq "work"].value</c>).
    /// </summary>
    public static bool MatchesValue(FilterNode boundInnerFilter, ResolvedPath parent, JsonObject element, ScimResource resource, ResourceTypeDefinition type) =>
        Evaluate(boundInnerFilter, new Scope(resource, type, element, parent));

    /// <summary>Whether a value alone matches the bound inner filter of <c>attr[…]</c> (projections select values so).</summary>
    public static bool MatchesValue(FilterNode boundInnerFilter, ResolvedPath parent, JsonObject element, ResourceTypeDefinition type) =>
        Evaluate(boundInnerFilter, new Scope(new ScimResource("", type.Name, element, new ResourceMeta(default, default, 0)), type, element, parent));

    /// <summary>What a filter is evaluated against: a resource, or one value of a multi-valued attribute inside <c>[…]</c>.</summary>
    private sealed record Scope(ScimResource Resource, ResourceTypeDefinition Type, JsonObject? Element, ResolvedPath? Parent);

    private static bool Evaluate(FilterNode filter, Scope scope) => filter switch
    {
        AndFilter and => Evaluate(and.Left, scope) && Evaluate(and.Right, scope),
        OrFilter or => Evaluate(or.Left, scope) || Evaluate(or.Right, scope),
        NotFilter not => !Evaluate(not.Inner, scope),
        PresentFilter present => Values(present.Path, scope).Any(IsPresent),
        ComparisonFilter { Value: null } comparison =>
            Values(comparison.Path, scope).Any(IsPresent) == (comparison.Operator == ComparisonOperator.Ne),
        ComparisonFilter comparison => Values(comparison.Path, scope).Any(v => Compare(v, comparison, Leaf(comparison.Path, scope))),
        ValuePathFilter valuePath => Elements(valuePath.Path, scope).Any(e => Evaluate(valuePath.Filter, scope with
        {
            Element = e,
            Parent = AttributeResolver.Resolve(valuePath.Path, scope.Type),
        })),
        _ => false,
    };

    private static AttributeDefinition? Leaf(AttributePath path, Scope scope) =>
        scope.Parent is null
            ? AttributeResolver.Resolve(path, scope.Type).Leaf
            : AttributeResolver.ResolveWithin(scope.Parent, path, scope.Type).Leaf;

    private static bool Compare(JsonNode value, ComparisonFilter filter, AttributeDefinition? leaf)
    {
        var type = leaf?.Type ?? filter.Value switch { bool => AttributeType.Boolean, decimal => AttributeType.Decimal, _ => AttributeType.String };
        var kind = value.GetValueKind();
        switch (type)
        {
            case AttributeType.Boolean:
                return kind is JsonValueKind.True or JsonValueKind.False && Order(filter.Operator, ((bool)value).CompareTo((bool)filter.Value!));
            case AttributeType.Integer or AttributeType.Decimal:
                return kind == JsonValueKind.Number && Order(filter.Operator, value.GetValue<decimal>().CompareTo((decimal)filter.Value!));
            case AttributeType.DateTime:
                return kind == JsonValueKind.String
                    && ScimValues.TryParseDateTime((string)value!, out var left)
                    && ScimValues.TryParseDateTime((string)filter.Value!, out var right)
                    && Order(filter.Operator, left.UtcTicks.CompareTo(right.UtcTicks));
            default:
                if (kind != JsonValueKind.String)
                {
                    return false;
                }
                var caseExact = leaf?.CaseExact ?? false;
                var text = caseExact ? (string)value! : ScimValues.Fold((string)value!);
                var literal = caseExact ? (string)filter.Value! : ScimValues.Fold((string)filter.Value!);
                return filter.Operator switch
                {
                    ComparisonOperator.Co => text.Contains(literal, StringComparison.Ordinal),
                    ComparisonOperator.Sw => text.StartsWith(literal, StringComparison.Ordinal),
                    ComparisonOperator.Ew => text.EndsWith(literal, StringComparison.Ordinal),
                    _ => Order(filter.Operator, ScimValues.CompareOrdinal(text, literal)),
                };
        }
    }

    private static bool Order(ComparisonOperator op, int order) => op switch
    {
        ComparisonOperator.Eq => order == 0,
        ComparisonOperator.Ne => order != 0,
        ComparisonOperator.Gt => order > 0,
        ComparisonOperator.Ge => order >= 0,
        ComparisonOperator.Lt => order < 0,
        ComparisonOperator.Le => order <= 0,
        _ => false,
    };

    /// <summary>RFC 7644 §3.4.2.2 "pr": a non-null, non-empty value (empty strings, arrays and objects are not present).</summary>
    internal static bool IsPresent(JsonNode? value) => value switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonObject json => json.Count > 0,
        _ => value.GetValueKind() != JsonValueKind.String || ((string)value!).Length > 0,
    };

    /// <summary>The values a path names: one per value of a multi-valued attribute, none when absent.</summary>
    private static IEnumerable<JsonNode> Values(AttributePath path, Scope scope)
    {
        if (scope.Element is not null)
        {
            return Single(Get(scope.Element, path.Name));
        }
        var resolved = AttributeResolver.Resolve(path, scope.Type);
        if (resolved.Extension is null && MetaValue(resolved, scope.Resource) is { } meta)
        {
            return [meta];
        }
        var top = Get(Container(resolved, scope.Resource), resolved.Name);
        if (resolved.SubName is null)
        {
            return top is JsonArray array ? array.OfType<JsonNode>() : Single(top);
        }
        return Objects(top).SelectMany(o => Single(Get(o, resolved.SubName)));
    }

    private static IEnumerable<JsonObject> Elements(AttributePath path, Scope scope)
    {
        var resolved = AttributeResolver.Resolve(path, scope.Type);
        return Objects(Get(Container(resolved, scope.Resource), resolved.Name));
    }

    /// <summary>id and meta live outside the document.</summary>
    private static JsonValue? MetaValue(ResolvedPath attribute, ScimResource resource) => attribute switch
    {
        _ when attribute.Is("id") => JsonValue.Create(resource.Id),
        _ when attribute.Is("meta", "created") => JsonValue.Create(resource.Meta.Created.ToString("O", CultureInfo.InvariantCulture)),
        _ when attribute.Is("meta", "lastModified") => JsonValue.Create(resource.Meta.LastModified.ToString("O", CultureInfo.InvariantCulture)),
        _ when attribute.Is("meta", "resourceType") => JsonValue.Create(resource.ResourceType),
        _ when attribute.Is("meta", "version") => JsonValue.Create(resource.Meta.ETag),
        // meta itself is always there (its location is derived, so it cannot be compared).
        _ when attribute.Is("meta") => JsonValue.Create(resource.ResourceType),
        _ => null,
    };

    private static JsonObject? Container(ResolvedPath attribute, ScimResource resource) =>
        attribute.Extension is null ? resource.Attributes : Get(resource.Attributes, attribute.Extension) as JsonObject;

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject single => [single],
        _ => [],
    };

    private static IEnumerable<JsonNode> Single(JsonNode? node) => node is null ? [] : [node];

    /// <summary>Attribute names are case-insensitive (RFC 7643 §2.1).</summary>
    private static JsonNode? Get(JsonObject? json, string name)
    {
        return json?.GetIgnoreCase(name);
    }
}
