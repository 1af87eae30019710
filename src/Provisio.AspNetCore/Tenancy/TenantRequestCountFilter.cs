using Microsoft.AspNetCore.Http;
using Provisio.AspNetCore.Auth;

namespace Provisio.AspNetCore.Tenancy;

/// <summary>Counts every SCIM request that reached a tenant, with the status it ended with (streamed or not, failed or not).</summary>
internal sealed class TenantRequestCountFilter(TenantRequestCounter counter) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.FindFirst(ScimAuthenticationDefaults.TenantClaim)?.Value is { } tenantId)
        {
            counter.Started();
            http.Response.OnCompleted(() =>
            {
                counter.Finished(tenantId, http.Response.StatusCode);
                return Task.CompletedTask;
            });
        }
        return next(context);
    }
}
