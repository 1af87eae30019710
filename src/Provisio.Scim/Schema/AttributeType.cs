namespace Provisio.Scim.Schema;

/// <summary>The data types of RFC 7643 §2.3.</summary>
public enum AttributeType
{
    String,
    Boolean,
    Decimal,
    Integer,
    DateTime,
    Binary,
    Reference,
    Complex,
}
