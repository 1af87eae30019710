using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Provisio.AspNetCore.Auth;
using Provisio.AspNetCore.Http;
using Provisio.AspNetCore.Telemetry;
using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Logging;

/// <summary>
/// One line per request once it is answered: method, path (control characters escaped) and status, never the query
/// string, whose filters carry e-mail addresses. It replaces ASP.NET Core's hosting log, which prints both raw.
/// A SCIM request's line also names its tenant, token and IdP request id, and a write refused with a 4xx is logged
/// at Warning with its <c>scimType</c> (never the values that were refused). SCIM requests are counted in
/// <see cref="ProvisioMetrics"/> here too, since only the outermost middleware sees every answer (401, 429, 503).
/// Logged under the category <see cref="Category"/>, so operators can turn it on or off by one short name.
/// </summary>
internal sealed class RequestLoggingMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    /// <summary>The log category of the request lines.</summary>
    public const string Category = "Provisio.Requests";

    private readonly ILogger logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var status = context.Response.StatusCode;
            var operation = context.GetEndpoint()?.Metadata.GetMetadata<ScimOperation>();
            var tenantId = context.User.FindFirst(ScimAuthenticationDefaults.TenantClaim)?.Value;
            if (operation is not null)
            {
                ProvisioMetrics.RequestAnswered(tenantId, operation, status);
            }
            if (logger.IsEnabled(LogLevel.Information) || (operation is not null && IsRefusedWrite(context.Request, status) && logger.IsEnabled(LogLevel.Warning)))
            {
                Write(context, operation, tenantId, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    private void Write(HttpContext context, ScimOperation? operation, string? tenantId, int status, double elapsed)
    {
        var request = context.Request;
        var method = LogText.Escape(request.Method);
        var path = LogText.Escape(request.PathBase.Value + request.Path.Value);
        if (operation is null)
        {
            Log.RequestCompleted(logger, method, path, status, elapsed);
            return;
        }
        var tenant = tenantId is null ? "-" : LogText.Escape(tenantId);
        var token = context.User.FindFirst(ScimAuthenticationDefaults.TokenNameClaim)?.Value is { } name ? LogText.Escape(name) : "-";
        // The tenant's own request-id headers are known only to a write; others take the defaults, which every IdP
        // Provisio knows of sends. Either way the value is cut to printable ASCII and a bounded length.
        var requestId = ScimWriteContext.RequestId(request, TenantSettings.DefaultRequestIdHeaders) ?? "-";
        if (IsRefusedWrite(request, status))
        {
            var scimType = context.Items.TryGetValue(ScimJsonResult.ScimTypeItem, out var type) && type is string text ? text : "-";
            Log.ScimWriteRefused(logger, method, path, status, scimType, elapsed, tenant, token, requestId);
            return;
        }
        Log.ScimRequestCompleted(logger, method, path, status, elapsed, tenant, token, requestId);
    }

    /// <summary>
    /// A write refused by the server's rules (400, 404, 409, 412, 413…), worth an operator's look. 401 and 429 are
    /// left at Information: a token guesser or an eager IdP would otherwise fill the log, and both are counted.
    /// </summary>
    private static bool IsRefusedWrite(HttpRequest request, int status) =>
        status is >= 400 and < 500 and not StatusCodes.Status401Unauthorized and not StatusCodes.Status429TooManyRequests
        && ScimAuditFilter.IsWrite(request);
}
