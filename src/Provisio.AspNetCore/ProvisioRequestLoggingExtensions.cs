using Provisio.AspNetCore.Logging;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Provisio's request log.</summary>
public static class ProvisioRequestLoggingExtensions
{
    /// <summary>
    /// Logs one line per request (method, path, status, time; for SCIM also the tenant, token name and IdP request id)
    /// without the query string and with control characters escaped, and counts SCIM requests on the <c>Provisio</c>
    /// meter. Call it first, so the line carries the final status; and keep the category
    /// <c>Microsoft.AspNetCore.Hosting.Diagnostics</c> at Warning, since its lines carry raw query strings.
    /// </summary>
    public static IApplicationBuilder UseProvisioRequestLogging(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestLoggingMiddleware>();
}
