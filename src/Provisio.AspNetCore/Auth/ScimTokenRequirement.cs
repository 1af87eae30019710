using Microsoft.AspNetCore.Authorization;

namespace Provisio.AspNetCore.Auth;

/// <summary>
/// The SCIM policy's one requirement, and its own handler: a user the SCIM token scheme authenticated, which always
/// names its tenant. One requirement instead of "authenticated" plus "has the tenant claim" spares every request the
/// framework's generic handlers and their LINQ over claims (docs/performance.md, nineteenth step).
/// </summary>
internal sealed class ScimTokenRequirement : IAuthorizationRequirement, IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        foreach (var identity in context.User.Identities)
        {
            if (identity.IsAuthenticated && identity.FindFirst(ScimAuthenticationDefaults.TenantClaim) is not null)
            {
                context.Succeed(this);
                break;
            }
        }
        return Task.CompletedTask;
    }

    public override string ToString() =>
        $"{nameof(ScimTokenRequirement)}: an authenticated user with the {ScimAuthenticationDefaults.TenantClaim} claim";
}
