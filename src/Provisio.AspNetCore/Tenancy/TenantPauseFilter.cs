using Microsoft.AspNetCore.Http;
using Provisio.AspNetCore.Auth;
using Provisio.AspNetCore.Http;
using Provisio.Scim.Errors;
using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Tenancy;

/// <summary>
/// While a tenant is <see cref="TenantSettings.Paused"/>, each of its SCIM requests answers 503 with
/// <c>Retry-After</c> before its endpoint runs, so nothing changes and IdPs retry later instead of recording a
/// failure. Discovery has no tenant (it needs no token) and keeps answering.
/// </summary>
internal sealed class TenantPauseFilter(ITenantSettingsStore settings) : IEndpointFilter
{
    /// <summary>What a paused tenant's IdP is told to wait: a pause is an owner's decision, usually minutes long.</summary>
    public const int RetryAfterSeconds = 60;

    private static readonly object RefusedKey = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.FindFirst(ScimAuthenticationDefaults.TenantClaim)?.Value is { } tenantId
            && (await settings.GetAsync(tenantId, http.RequestAborted)).Paused)
        {
            http.Items[RefusedKey] = true;
            return ScimErrorWriter.ToResult(new ScimException(StatusCodes.Status503ServiceUnavailable, null,
                $"This tenant is paused by its administrator: nothing is read or changed until it is resumed. Retry in {RetryAfterSeconds} seconds.")
            {
                RetryAfter = TimeSpan.FromSeconds(RetryAfterSeconds),
            });
        }
        return await next(context);
    }

    /// <summary>Whether the request was refused because its tenant is paused.</summary>
    public static bool Refused(HttpContext context) => context.Items.ContainsKey(RefusedKey);
}
