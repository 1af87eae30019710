namespace Provisio.Scim.Schema;

/// <summary>RFC 7643 §7 <c>returned</c>.</summary>
public enum Returned
{
    Default,
    Always,
    Never,
    Request,
}
