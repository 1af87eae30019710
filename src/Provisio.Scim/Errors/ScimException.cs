namespace Provisio.Scim.Errors;

/// <summary>
/// The one protocol error: an HTTP status, an optional RFC 7644 <c>scimType</c> and a human-readable detail.
/// The host turns it into the RFC 7644 §3.12 error body in one place.
/// </summary>
public sealed class ScimException : Exception
{
    public ScimException(int status, string? scimType, string detail)
        : base(detail)
    {
        Status = status;
        ScimType = scimType;
    }

    public int Status { get; }

    public string? ScimType { get; }

    /// <summary>When set, the response carries <c>Retry-After</c> (whole seconds): the request may succeed if sent again then.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ScimException BadRequest(string scimType, string detail) => new(400, scimType, detail);

    public static ScimException NotFound(string detail) => new(404, null, detail);

    public static ScimException Conflict(string detail) => new(409, ScimErrorType.Uniqueness, detail);
}
