using Microsoft.AspNetCore.Http;
using Provisio.AspNetCore.Auth;
using Provisio.Scim.Schema;
using Provisio.Storage.Audit;
using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Http;

/// <summary>
/// Audits the SCIM requests that reach a tenant and commit nothing: refused writes (their error status and
/// <c>scimType</c>), and reads when the tenant's settings ask for them. A write that succeeds is audited by the store,
/// in its own transaction, so its row commits with it. Runs outside <see cref="ScimErrorFilter"/>, so it sees every
/// error as the response the client gets.
/// </summary>
internal sealed class ScimAuditFilter(IAuditLog audit, ITenantSettingsStore settings, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        var tenantId = http.User.FindFirst(ScimAuthenticationDefaults.TenantClaim)?.Value;
        if (tenantId is null || result is not IStatusCodeHttpResult { StatusCode: { } status }
            || (status == StatusCodes.Status503ServiceUnavailable && !Tenancy.TenantPauseFilter.Refused(http)))
        {
            // Discovery (no tenant), a streamed body, or a database that is away: nothing to audit, or no way to. A
            // paused tenant's 503 is audited: its owner sees what the IdP tried meanwhile.
            return result;
        }
        var isWrite = IsWrite(http.Request);
        var tenantSettings = await settings.GetAsync(tenantId, http.RequestAborted);
        if ((isWrite && status >= 400) || (!isWrite && tenantSettings.AuditReads) || status == StatusCodes.Status503ServiceUnavailable)
        {
            await WriteAsync(http, tenantId, tenantSettings, status, result as ScimJsonResult);
        }
        return result;
    }

    /// <summary>Reads that never reach an endpoint filter (streamed lists and resources) are audited by their endpoints.</summary>
    public static bool IsWrite(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
        && !(request.Path.Value ?? "").EndsWith("/.search", StringComparison.Ordinal);

    private async Task WriteAsync(HttpContext http, string tenantId, TenantSettings tenantSettings, int status, ScimJsonResult? error)
    {
        var write = ScimWriteContext.For(http, tenantSettings);
        var (resourceType, resourceId) = ResourceOf(http);
        // Not the request's token: the response is decided, and the row is written even if the client has gone.
        await audit.WriteAsync(AuditEntry.For(tenantId, write, time.GetUtcNow(), status) with
        {
            ErrorType = error?.ScimType,
            ErrorDetail = status >= 400 ? error?.Detail : null,
            ResourceType = resourceType,
            ResourceId = resourceId,
        }, CancellationToken.None);
    }

    /// <summary>The resource a request names: <c>/Users/{id}</c>, <c>/Groups/{id}</c>, or just the type for a collection.</summary>
    private static (string? Type, string? Id) ResourceOf(HttpContext http)
    {
        var path = ScimWriteContext.TenantRelativePath(http);
        var type = path.StartsWith("/Users", StringComparison.OrdinalIgnoreCase) ? ResourceTypeNames.User
            : path.StartsWith("/Groups", StringComparison.OrdinalIgnoreCase) ? ResourceTypeNames.Group
            : null;
        var id = type is not null && http.Request.RouteValues.TryGetValue("id", out var value) ? value as string : null;
        return (type, id is null ? null : ScimWriteContext.Bounded(id));
    }
}
