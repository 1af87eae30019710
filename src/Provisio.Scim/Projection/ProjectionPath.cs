using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Projection;

/// <summary>
/// One item of <c>attributes</c> or <c>excludedAttributes</c>: an attribute path, optionally with a value filter
/// between the attribute and its sub-attribute (<c>emails[type eq "work"].value</c>), kept unbound until a resource
/// type is known (the root <c>/.search</c> projects Users and Groups alike).
/// </summary>
internal sealed record ProjectionPath(AttributePath Path, FilterNode? Filter)
{
    /// <summary>Parses <c>attrPath</c> or <c>attrPath[valFilter][.subAttr]</c>; null when the text is neither.</summary>
    public static ProjectionPath? Parse(string text)
    {
        var open = text.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return AttributePath.TryParse(text) is { } plain ? new ProjectionPath(plain, null) : null;
        }
        var close = text.LastIndexOf(']');
        if (close < open || AttributePath.TryParse(text[..open]) is not { SubAttribute: null } attribute)
        {
            return null;
        }
        var rest = text[(close + 1)..];
        if (rest.Length > 0 && (!rest.StartsWith('.') || !AttributePath.IsAttributeName(rest[1..])))
        {
            return null;
        }
        FilterNode filter;
        try
        {
            filter = FilterParser.Parse(text[(open + 1)..close]);
        }
        catch (ScimException)
        {
            return null;
        }
        return new ProjectionPath(rest.Length > 0 ? attribute.WithSubAttribute(rest[1..]) : attribute, filter);
    }

    /// <summary>The filter bound to a resource type; one that does not fit the type matches no value there.</summary>
    public ValueMatcher? Bind(ResourceTypeDefinition type)
    {
        if (Filter is null)
        {
            return null;
        }
        try
        {
            var bound = (ValuePathFilter)FilterBinder.Bind(new ValuePathFilter(Path with { SubAttribute = null }, Filter), type);
            return new ValueMatcher(bound.Filter, AttributeResolver.Resolve(bound.Path, type), type);
        }
        catch (ScimException)
        {
            return ValueMatcher.None;
        }
    }

    /// <summary>
    /// The items of an <c>attributes</c> or <c>excludedAttributes</c> parameter; 400 <c>invalidValue</c> for more than
    /// <paramref name="maxPaths"/> items or <paramref name="maxLength"/> characters, or an item that is not a path.
    /// </summary>
    public static List<ProjectionPath> ParseList(string? text, string parameter, int maxPaths, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var items = SplitList(text);
        if (items.Count > maxPaths || text.Length > maxLength)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue,
                $"'{parameter}' may list at most {maxPaths} attributes in {maxLength} characters; this one has {items.Count} in {text.Length}.");
        }
        return items.Select(item => Parse(item)
            ?? throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"'{item}' in '{parameter}' is not an attribute path.")).ToList();
    }

    /// <summary>The comma-separated items of a list; a comma inside a value filter's brackets or quotes separates nothing.</summary>
    private static List<string> SplitList(string text)
    {
        var items = new List<string>();
        var (start, depth, inString) = (0, 0, false);
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\' when inString:
                    i++;
                    break;
                case '"':
                    inString = !inString;
                    break;
                case '[' when !inString:
                    depth++;
                    break;
                case ']' when !inString:
                    depth--;
                    break;
                case ',' when !inString && depth == 0:
                    items.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }
        items.Add(text[start..]);
        return items.Select(i => i.Trim()).Where(i => i.Length > 0).ToList();
    }
}
