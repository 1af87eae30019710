using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Provisio.AspNetCore.Auth;

namespace Provisio.Server.Tests.Auth;

/// <summary>
/// The SCIM policy's one requirement. Over HTTP the token scheme only ever yields a tenant's principal, so what it
/// refuses (a principal that is not authenticated, or lacks the tenant) is asserted here, on the requirement itself.
/// </summary>
public sealed class ScimTokenRequirementTests
{
    [Theory]
    [InlineData(ScimAuthenticationDefaults.Scheme, ScimAuthenticationDefaults.TenantClaim, true)]
    [InlineData(ScimAuthenticationDefaults.Scheme, "PROVISIO:TENANT", true)] // claim types compare as ClaimsIdentity does
    [InlineData(ScimAuthenticationDefaults.Scheme, ScimAuthenticationDefaults.TokenClaim, false)]
    [InlineData(null, ScimAuthenticationDefaults.TenantClaim, false)] // no authentication type: anonymous
    public async Task Only_an_authenticated_principal_with_a_tenant_meets_it(string? authenticationType, string claimType, bool met)
    {
        var requirement = new ScimTokenRequirement();
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(claimType, "acme")], authenticationType));
        var context = new AuthorizationHandlerContext([requirement], user, resource: null);

        await requirement.HandleAsync(context);

        Assert.Equal(met, context.HasSucceeded);
    }

    [Fact]
    public async Task A_tenant_on_a_second_identity_meets_it_when_that_identity_is_authenticated()
    {
        var requirement = new ScimTokenRequirement();
        var user = new ClaimsPrincipal([
            new ClaimsIdentity(),
            new ClaimsIdentity([new Claim(ScimAuthenticationDefaults.TenantClaim, "acme")], ScimAuthenticationDefaults.Scheme)]);
        var context = new AuthorizationHandlerContext([requirement], user, resource: null);

        await requirement.HandleAsync(context);

        Assert.True(context.HasSucceeded);
    }
}
