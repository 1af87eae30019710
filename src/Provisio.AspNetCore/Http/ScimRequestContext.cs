using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore.Auth;

namespace Provisio.AspNetCore.Http;

/// <summary>Marks a route group as a SCIM root, remembering its prefix so responses can carry absolute locations.</summary>
internal sealed record ScimRootMetadata(string Prefix);

/// <summary>What an endpoint needs to know about the SCIM request it serves: the tenant and the tenant's base URL.</summary>
internal static class ScimRequestContext
{
    /// <summary>The authenticated tenant (from the token, already checked against the URL).</summary>
    public static string TenantId(this HttpContext context) =>
        context.User.FindFirst(ScimAuthenticationDefaults.TenantClaim)?.Value
        ?? throw new InvalidOperationException("SCIM endpoint reached without an authenticated tenant.");

    /// <summary>
    /// The SCIM base URL the client used, <c>…/scim/v2/{tenant}</c> or <c>…/scim/v2</c>: under
    /// <see cref="ProvisioOptions.PublicBaseUrl"/> when it is set, else under the request's scheme, host and path base.
    /// </summary>
    public static string ScimBaseUrl(this HttpContext context)
    {
        var prefix = context.GetEndpoint()?.Metadata.GetMetadata<ScimRootMetadata>()?.Prefix ?? "";
        var request = context.Request;
        var tenant = request.RouteValues.TryGetValue("tenant", out var value) && value is string id ? "/" + Uri.EscapeDataString(id) : "";
        var root = context.RequestServices.GetService<IOptions<ProvisioOptions>>()?.Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return $"{root}{prefix.TrimEnd('/')}{tenant}";
    }
}
