using System.Text.Json.Nodes;
using Provisio.AspNetCore.Http;
using Provisio.Storage.Audit;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Admin;

/// <summary>
/// Audits each change an admin makes to a tenant through the admin API (a mapping, a role, a setting, a token, a
/// webhook…): one row in the tenant's audit log with the action <c>admin</c>, the admin key's id and name as the
/// actor, the method, path and status, and the request's JSON body when it holds no secret. "Who gave this group admin
/// rights, and when" is answered by the same log as the IdP's writes. Reads are not audited.
/// </summary>
internal sealed class AdminAuditFilter(IAuditLog audit, ITenantStore tenants, ITenantSettingsStore settings, TimeProvider time) : IEndpointFilter
{
    /// <summary>Bodies kept at most: a mapping or a settings patch is a few hundred bytes.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || http.GetRouteValue("tenant") is not string tenantId)
        {
            return await next(context);
        }
        var result = await next(context);
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        // A tenant that does not exist (404 before any handler) or no longer does (deleted just now) has no log to write to.
        if (await tenants.FindTenantAsync(tenantId, http.RequestAborted) is null)
        {
            return result;
        }
        var tenantSettings = await settings.GetAsync(tenantId, http.RequestAborted);
        await audit.WriteAsync(new AuditEntry
        {
            TenantId = tenantId,
            At = time.GetUtcNow(),
            TokenId = http.User.FindFirst(AdminAuthenticationDefaults.KeyClaim)?.Value,
            TokenName = http.User.FindFirst(AdminAuthenticationDefaults.KeyNameClaim)?.Value,
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
            RequestId = ScimWriteContext.RequestId(http.Request, tenantSettings.RequestIdHeaders),
            Method = http.Request.Method,
            Path = ScimWriteContext.Bounded(http.Request.Path.Value ?? ""),
            Action = AuditActions.Admin,
            Status = status,
            ChangesJson = await RequestJsonAsync(http.Request),
        }, http.RequestAborted);
        return result;
    }

    /// <summary>
    /// Middleware for the admin API: buffers a change's body before the endpoint binds or reads it, so the filter can
    /// read it again for the row.
    /// </summary>
    public static Task BufferBodyAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Request.EnableBuffering(MaxBodyBytes);
        }
        return next(context);
    }

    /// <summary>
    /// <c>{"request": body}</c> for a JSON body within <see cref="MaxBodyBytes"/>, else null. A webhook's body is never
    /// kept: its URL may carry a credential in its query.
    /// </summary>
    private static async Task<string?> RequestJsonAsync(HttpRequest request)
    {
        if (request.Path.Value?.Contains("/webhooks", StringComparison.OrdinalIgnoreCase) != false
            || !request.Body.CanSeek || request.Body.Length is 0 or > MaxBodyBytes)
        {
            return null;
        }
        request.Body.Position = 0;
        try
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return body is null ? null : new JsonObject { ["request"] = body }.ToJsonString();
        }
        catch (System.Text.Json.JsonException)
        {
            // The handler refused it too; the row says what was done, not what was sent.
            return null;
        }
    }
}
