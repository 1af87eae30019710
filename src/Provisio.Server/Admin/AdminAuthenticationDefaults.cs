namespace Provisio.Server.Admin;

/// <summary>Names used by admin key authentication.</summary>
internal static class AdminAuthenticationDefaults
{
    public const string Scheme = "ProvisioAdminKey";
    public const string Policy = "ProvisioAdmin";
    public const string KeyClaim = "provisio:admin-key";
    public const string KeyNameClaim = "provisio:admin-key-name";

    /// <summary>The one tenant a tenant-scoped key may reach; absent on a server-wide key.</summary>
    public const string TenantClaim = "provisio:admin-key-tenant";
}
