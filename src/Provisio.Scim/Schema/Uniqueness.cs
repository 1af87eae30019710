namespace Provisio.Scim.Schema;

/// <summary>RFC 7643 §7 <c>uniqueness</c>.</summary>
public enum Uniqueness
{
    None,
    Server,
    Global,
}
