using Microsoft.AspNetCore.Http;
using Provisio.Scim.Errors;

namespace Provisio.AspNetCore.Http;

/// <summary>The one place where an error becomes an HTTP response: the RFC 7644 §3.12 body, as application/scim+json.</summary>
internal static class ScimErrorWriter
{
    public static IResult ToResult(ScimException exception) =>
        new ScimJsonResult(exception.Status, ScimError.ToJson(exception.Status, exception.ScimType, exception.Message),
            retryAfterSeconds: exception.RetryAfter is { } retryAfter ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : null)
        {
            ScimType = exception.ScimType,
            Detail = exception.Message,
        };

    public static Task WriteAsync(HttpContext context, int status, string? scimType, string detail) =>
        new ScimJsonResult(status, ScimError.ToJson(status, scimType, detail)) { ScimType = scimType }.ExecuteAsync(context);
}
