using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Provisio.Server.Admin;

/// <summary>
/// Keeps a tenant-scoped admin key inside its tenant: it passes on routes whose <c>{tenant}</c> is its own and on
/// endpoints marked <see cref="OpenToTenantKeys"/> (which then show it its own tenant only); everything else, including
/// every route added later without thought for it, is a 403; so are endpoints marked <see cref="ServerWideOnly"/>.
/// A server-wide key passes everywhere. Checked before the tenant is looked up, so an unknown tenant and another
/// tenant look the same (403) to a scoped key.
/// </summary>
internal sealed class AdminKeyScope : AuthorizationHandler<AdminKeyScope.Requirement>
{
    /// <summary>The tenant a principal's key is limited to, or null for a server-wide key.</summary>
    public static string? TenantOf(ClaimsPrincipal user) => user.FindFirst(AdminAuthenticationDefaults.TenantClaim)?.Value;

    /// <summary>The id (visible prefix) of the key that made the request, for logs.</summary>
    public static string KeyOf(ClaimsPrincipal user) => user.FindFirst(AdminAuthenticationDefaults.KeyClaim)?.Value ?? "-";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
    {
        if (TenantOf(context.User) is not { } tenant || Reaches(context.Resource as HttpContext, tenant))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }

    /// <summary>Whether a key limited to <paramref name="tenant"/> may make this request.</summary>
    private static bool Reaches(HttpContext? request, string tenant)
    {
        var metadata = request?.GetEndpoint()?.Metadata;
        if (request is null || metadata is null || metadata.GetMetadata<ServerWideOnly>() is not null)
        {
            return false;
        }
        return metadata.GetMetadata<OpenToTenantKeys>() is not null
            || string.Equals(request.GetRouteValue("tenant") as string, tenant, StringComparison.Ordinal);
    }

    /// <summary>The requirement every admin API endpoint carries through the admin policy.</summary>
    public sealed class Requirement : IAuthorizationRequirement;

    /// <summary>Marks an endpoint that needs a server-wide key (creating or deleting tenants).</summary>
    public sealed class ServerWideOnly;

    /// <summary>Marks an endpoint outside <c>/tenants/{tenant}</c> that a scoped key may call (it filters by the key's tenant).</summary>
    public sealed class OpenToTenantKeys;
}
