using Microsoft.AspNetCore.Http;

namespace Provisio.AspNetCore.Http;

/// <summary>
/// Headers every SCIM response carries, errors included: directory data (names, e-mail addresses, group membership)
/// must not be kept by shared caches or proxies, and its JSON must never be sniffed into something a browser renders.
/// <c>no-store</c> leaves conditional requests alone: a client still sends <c>If-None-Match</c> with the ETag it holds.
/// </summary>
internal static class ScimResponseHeaders
{
    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
    }
}
