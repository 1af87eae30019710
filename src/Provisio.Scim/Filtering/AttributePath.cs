namespace Provisio.Scim.Filtering;

/// <summary>
/// An attribute reference (RFC 7644 §3.10): an optional schema URN, an attribute name and an optional
/// sub-attribute, e.g. <c>name.familyName</c> or <c>urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value</c>.
/// </summary>
public sealed record AttributePath(string? SchemaUrn, string Name, string? SubAttribute)
{
    /// <summary>Parses <c>[URN ":"] ATTRNAME ["." subAttr]</c>; null when the text is not an attribute path.</summary>
    public static AttributePath? TryParse(string text)
    {
        string? urn = null;
        var rest = text;
        if (text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            var colon = text.LastIndexOf(':');
            urn = text[..colon];
            rest = text[(colon + 1)..];
        }
        var parts = rest.Split('.');
        if (parts.Length > 2 || !parts.All(IsAttributeName))
        {
            return null;
        }
        return new AttributePath(urn, parts[0], parts.Length == 2 ? parts[1] : null);
    }

    /// <summary>RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA; plus <c>$ref</c>.</summary>
    public static bool IsAttributeName(string name) =>
        name == "$ref"
        || (name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));

    /// <summary>This path with a sub-attribute appended.</summary>
    public AttributePath WithSubAttribute(string subAttribute) => this with { SubAttribute = subAttribute };

    public override string ToString() =>
        (SchemaUrn is null ? "" : SchemaUrn + ":") + Name + (SubAttribute is null ? "" : "." + SubAttribute);
}
