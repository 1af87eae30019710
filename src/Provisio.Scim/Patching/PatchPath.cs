using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Patching;

/// <summary>
/// A PATCH path (RFC 7644 §3.5.2): <c>attrPath</c>, <c>attrPath[valFilter]</c> or <c>attrPath[valFilter].subAttr</c>,
/// with optional schema URN, or a whole extension's URN (then <see cref="Attribute"/> is null). Resolved against the
/// resource type.
/// </summary>
public sealed record PatchPath(ResolvedPath? Attribute, FilterNode? ValueFilter, string? SubAttribute, string? WholeExtension)
{
    public static PatchPath Parse(string text, ResourceTypeDefinition type)
    {
        if (type.FindExtension(text) is { } extension)
        {
            return new PatchPath(null, null, null, extension.Schema.Id);
        }
        var open = text.IndexOf('[', StringComparison.Ordinal);
        var attributeText = open < 0 ? text : text[..open];
        var attribute = AttributePath.TryParse(attributeText) ?? throw Invalid(text);
        if (open < 0)
        {
            return new PatchPath(Resolve(attribute, type, text), null, null, null);
        }
        var close = ClosingBracket(text, open) ?? throw Invalid(text);
        var rest = text[(close + 1)..];
        string? sub = null;
        if (rest.Length > 0)
        {
            if (!rest.StartsWith('.') || !AttributePath.IsAttributeName(rest[1..]))
            {
                throw Invalid(text);
            }
            sub = rest[1..];
        }
        if (attribute.SubAttribute is not null)
        {
            throw Invalid(text);
        }
        FilterNode bound;
        try
        {
            bound = FilterBinder.Bind(new ValuePathFilter(attribute, FilterParser.Parse(text[(open + 1)..close])), type);
        }
        catch (ScimException exception) when (exception.ScimType == ScimErrorType.InvalidFilter)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidPath, $"The filter in path '{text}' is not valid: {exception.Message}");
        }
        var valuePath = (ValuePathFilter)bound;
        var resolved = Resolve(valuePath.Path, type, text);
        if (sub is not null && resolved.IsDeclared)
        {
            sub = AttributeResolver.Resolve(new AttributePath(resolved.Extension, resolved.Name, sub), type, ScimErrorType.InvalidPath).SubName;
        }
        return new PatchPath(resolved, valuePath.Filter, sub, null);
    }

    /// <summary>
    /// Resolves the attribute; a plain name no schema declares is allowed, since such attributes are kept as sent.
    /// </summary>
    private static ResolvedPath Resolve(AttributePath path, ResourceTypeDefinition type, string text)
    {
        try
        {
            return AttributeResolver.Resolve(path, type, ScimErrorType.InvalidPath);
        }
        catch (ScimException) when (path.SchemaUrn is null && path.SubAttribute is null
            && type.Schema.FindAttribute(path.Name) is null && CommonAttributes.Find(path.Name) is null)
        {
            return new ResolvedPath(null, path.Name, null, null, null);
        }
        catch (ScimException exception)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidPath, $"'{text}': {exception.Message}");
        }
    }

    private static int? ClosingBracket(string text, int open)
    {
        var inString = false;
        for (var i = open + 1; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\' when inString:
                    i++;
                    break;
                case '"':
                    inString = !inString;
                    break;
                case ']' when !inString:
                    return i;
            }
        }
        return null;
    }

    private static ScimException Invalid(string text) => ScimException.BadRequest(ScimErrorType.InvalidPath, $"'{text}' is not a valid PATCH path.");
}
