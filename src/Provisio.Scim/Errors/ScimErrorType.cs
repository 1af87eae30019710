namespace Provisio.Scim.Errors;

/// <summary>The <c>scimType</c> values of RFC 7644 §3.12.</summary>
public static class ScimErrorType
{
    public const string InvalidFilter = "invalidFilter";
    public const string TooMany = "tooMany";
    public const string Uniqueness = "uniqueness";
    public const string Mutability = "mutability";
    public const string InvalidSyntax = "invalidSyntax";
    public const string InvalidPath = "invalidPath";
    public const string NoTarget = "noTarget";
    public const string InvalidValue = "invalidValue";
    public const string InvalidVersion = "invalidVers";
    public const string Sensitive = "sensitive";

    /// <summary>RFC 9865: a cursor that is malformed, forged, or from another query.</summary>
    public const string InvalidCursor = "invalidCursor";

    /// <summary>RFC 9865: a cursor older than the advertised <c>cursorTimeout</c>.</summary>
    public const string ExpiredCursor = "expiredCursor";
}
