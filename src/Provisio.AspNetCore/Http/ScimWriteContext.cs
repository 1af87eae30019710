using Microsoft.AspNetCore.Http;
using Provisio.AspNetCore.Auth;
using Provisio.Storage.Events;
using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Http;

/// <summary>The <see cref="WriteContext"/> of a SCIM request: its token, client address, path and the IdP's request id.</summary>
internal static class ScimWriteContext
{
    /// <summary>Longer request ids are cut: they are labels, and an audit row must not grow with hostile input.</summary>
    public const int MaxRequestIdLength = 200;

    public const int MaxPathLength = 512;

    public static WriteContext For(HttpContext context, TenantSettings settings) => new()
    {
        RequestId = RequestId(context.Request, settings.RequestIdHeaders),
        TokenId = context.User.FindFirst(ScimAuthenticationDefaults.TokenClaim)?.Value,
        TokenName = context.User.FindFirst(ScimAuthenticationDefaults.TokenNameClaim)?.Value,
        ClientAddress = context.Connection.RemoteIpAddress?.ToString(),
        Method = context.Request.Method,
        Path = TenantRelativePath(context),
    };

    /// <summary>The first of <paramref name="headers"/> the request carries, cut to printable ASCII and a bounded length.</summary>
    public static string? RequestId(HttpRequest request, IReadOnlyList<string> headers)
    {
        foreach (var header in headers)
        {
            if (request.Headers[header].ToString() is { Length: > 0 } value)
            {
                var printable = new string([.. value.Where(c => c is >= ' ' and <= '~').Take(MaxRequestIdLength)]);
                return printable.Length > 0 ? printable : null;
            }
        }
        return null;
    }

    /// <summary>
    /// A value a client chose (a resource id in a refused request's URL), cut to what an indexed column holds: real ids
    /// are GUIDs, and a hostile one must not fail the audit row.
    /// </summary>
    public static string Bounded(string value) => Scim.Errors.ErrorText.Excerpt(value, MaxRequestIdLength);

    /// <summary>The request's path below the tenant's SCIM root, e.g. <c>/Users/42</c>.</summary>
    public static string TenantRelativePath(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var prefix = context.GetEndpoint()?.Metadata.GetMetadata<ScimRootMetadata>()?.Prefix?.TrimEnd('/') ?? "";
        if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            path = path[prefix.Length..];
        }
        if (context.Request.RouteValues.TryGetValue("tenant", out var tenant) && tenant is string id
            && path.StartsWith("/" + id, StringComparison.Ordinal))
        {
            path = path[(id.Length + 1)..];
        }
        // Bounded like every value an audit row keeps from a request.
        return path.Length > 0 ? Scim.Errors.ErrorText.Excerpt(path, MaxPathLength) : "/";
    }
}
