namespace Provisio.Scim.Schema;

/// <summary>RFC 7643 §7 <c>mutability</c>.</summary>
public enum Mutability
{
    ReadWrite,
    ReadOnly,
    Immutable,
    WriteOnly,
}
