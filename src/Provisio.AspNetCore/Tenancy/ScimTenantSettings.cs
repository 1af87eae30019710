using Microsoft.AspNetCore.Http;
using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Tenancy;

/// <summary>
/// The settings of the tenant a SCIM request authenticated for, kept on the request by the token handler, for what
/// must decide without awaiting (the rate limiter's partition).
/// </summary>
internal static class ScimTenantSettings
{
    private static readonly object Key = new();

    public static void Set(HttpContext context, TenantSettings settings) => context.Items[Key] = settings;

    public static TenantSettings? Find(HttpContext context) => context.Items.TryGetValue(Key, out var value) ? value as TenantSettings : null;
}
