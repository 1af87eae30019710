using Provisio.Storage.Tenancy;

namespace Provisio.Server.Admin;

/// <summary>Answers 404 for a <c>{tenant}</c> in the route that does not exist, before any handler runs.</summary>
internal sealed class KnownTenantFilter(ITenantStore tenants) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var tenant = context.HttpContext.GetRouteValue("tenant") as string;
        if (tenant is null || await tenants.FindTenantAsync(tenant, context.HttpContext.RequestAborted) is null)
        {
            return AdminProblem.NotFound($"No tenant '{tenant}'.");
        }
        return await next(context);
    }
}
