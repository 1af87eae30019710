using System.Globalization;
using Provisio.Scim.Errors;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Filtering;

/// <summary>
/// Checks a parsed filter against a resource type and rewrites it in canonical form: schema spelling of names,
/// <c>emails eq "x"</c> as <c>emails.value eq "x"</c>, values of the attribute's type. Anything the RFC does not allow
/// (an unknown attribute, <c>gt</c> on a boolean or binary, <c>co</c> on a number, a string for a boolean…) is 400
/// <c>invalidFilter</c>. Both back ends (evaluator and SQL) take only bound filters.
/// </summary>
public static class FilterBinder
{
    public static FilterNode Bind(FilterNode filter, ResourceTypeDefinition type) => filter switch
    {
        AndFilter and => new AndFilter(Bind(and.Left, type), Bind(and.Right, type)),
        OrFilter or => new OrFilter(Bind(or.Left, type), Bind(or.Right, type)),
        NotFilter not => new NotFilter(Bind(not.Inner, type)),
        PresentFilter present => new PresentFilter(AttributeResolver.Resolve(present.Path, type).Path),
        ComparisonFilter comparison => BindComparison(ImpliedValue(AttributeResolver.Resolve(comparison.Path, type), type), comparison),
        ValuePathFilter valuePath => BindValuePath(valuePath, type),
        _ => throw new ArgumentException($"Unknown filter node {filter.GetType().Name}.", nameof(filter)),
    };

    private static ValuePathFilter BindValuePath(ValuePathFilter filter, ResourceTypeDefinition type)
    {
        var parent = AttributeResolver.Resolve(filter.Path, type);
        if (parent.IsDeclared && parent.Definition!.Type != AttributeType.Complex)
        {
            throw Invalid($"'{parent.Path}[…]' needs a complex attribute.");
        }
        return new ValuePathFilter(parent.Path, BindInner(filter.Filter, parent, type));
    }

    private static FilterNode BindInner(FilterNode filter, ResolvedPath parent, ResourceTypeDefinition type) => filter switch
    {
        AndFilter and => new AndFilter(BindInner(and.Left, parent, type), BindInner(and.Right, parent, type)),
        OrFilter or => new OrFilter(BindInner(or.Left, parent, type), BindInner(or.Right, parent, type)),
        NotFilter not => new NotFilter(BindInner(not.Inner, parent, type)),
        PresentFilter present => new PresentFilter(Relative(AttributeResolver.ResolveWithin(parent, present.Path, type))),
        ComparisonFilter comparison => BindComparison(AttributeResolver.ResolveWithin(parent, comparison.Path, type), comparison) with
        {
            Path = Relative(AttributeResolver.ResolveWithin(parent, comparison.Path, type)),
        },
        ValuePathFilter => throw Invalid("Value filters cannot be nested."),
        _ => throw new ArgumentException($"Unknown filter node {filter.GetType().Name}.", nameof(filter)),
    };

    /// <summary>RFC 7644 §3.4.2.2: a multi-valued complex attribute compared as a whole means its "value".</summary>
    private static ResolvedPath ImpliedValue(ResolvedPath attribute, ResourceTypeDefinition type)
    {
        if (attribute.SubName is not null || attribute.Definition is not { Type: AttributeType.Complex } definition)
        {
            return attribute;
        }
        if (definition.MultiValued && definition.FindSubAttribute("value") is not null)
        {
            return AttributeResolver.Resolve(new AttributePath(attribute.Extension, attribute.Name, "value"), type);
        }
        throw Invalid($"'{attribute.Path}' is complex: compare one of its sub-attributes.");
    }

    private static ComparisonFilter BindComparison(ResolvedPath attribute, ComparisonFilter filter)
    {
        var op = filter.Operator;
        var value = filter.Value;
        if (value is null)
        {
            return op is ComparisonOperator.Eq or ComparisonOperator.Ne
                ? new ComparisonFilter(attribute.Path, op, null)
                : throw Invalid($"'{Name(op)}' cannot compare with null.");
        }
        var leafType = attribute.Leaf?.Type;
        if (leafType is null)
        {
            // Untyped (undeclared extension): the literal's JSON type decides how to compare.
            CheckOperator(op, value switch { bool => AttributeType.Boolean, decimal => AttributeType.Decimal, _ => AttributeType.String }, attribute);
            return new ComparisonFilter(attribute.Path, op, value);
        }
        if (leafType == AttributeType.Complex)
        {
            throw Invalid($"'{attribute.Path}' is complex: compare one of its sub-attributes.");
        }
        CheckOperator(op, leafType.Value, attribute);
        return new ComparisonFilter(attribute.Path, op, Coerce(value, leafType.Value, attribute));
    }

    private static void CheckOperator(ComparisonOperator op, AttributeType type, ResolvedPath attribute)
    {
        var ordering = op is ComparisonOperator.Gt or ComparisonOperator.Ge or ComparisonOperator.Lt or ComparisonOperator.Le;
        var substring = op is ComparisonOperator.Co or ComparisonOperator.Sw or ComparisonOperator.Ew;
        var allowed = type switch
        {
            AttributeType.Boolean => !ordering && !substring,
            AttributeType.Binary => !ordering,
            AttributeType.Integer or AttributeType.Decimal or AttributeType.DateTime => !substring,
            _ => true,
        };
        if (!allowed)
        {
            throw Invalid($"'{Name(op)}' does not apply to '{attribute.Path}' ({type.ToString().ToLowerInvariant()}).");
        }
    }

    private static object Coerce(object value, AttributeType type, ResolvedPath attribute) => type switch
    {
        AttributeType.Boolean => value switch
        {
            bool flag => flag,
            string text when bool.TryParse(text, out var flag) => flag,
            _ => throw Invalid($"'{attribute.Path}' is a boolean: compare it with true or false."),
        },
        AttributeType.Integer or AttributeType.Decimal => value is decimal number
            ? number
            : throw Invalid($"'{attribute.Path}' is a number: compare it with a number."),
        AttributeType.DateTime => value is string text && ScimValues.TryParseDateTime(text, out _)
            ? text
            : throw Invalid($"'{attribute.Path}' is a dateTime: compare it with a string such as \"2026-01-01T00:00:00Z\"."),
        _ => value switch
        {
            string text => text,
            // An unquoted number (externalId eq 12345) is read as its text.
            decimal number => number.ToString(CultureInfo.InvariantCulture),
            _ => throw Invalid($"'{attribute.Path}' is a string: compare it with a string."),
        },
    };

    private static AttributePath Relative(ResolvedPath attribute) => new(null, attribute.SubName!, null);

    private static string Name(ComparisonOperator op) => op.ToString().ToLowerInvariant();

    private static ScimException Invalid(string detail) => ScimException.BadRequest(ScimErrorType.InvalidFilter, detail);
}
