namespace Provisio.AspNetCore.Auth;

/// <summary>Names used by SCIM token authentication.</summary>
public static class ScimAuthenticationDefaults
{
    public const string Scheme = "ProvisioScimToken";
    public const string Policy = "ProvisioScim";
    public const string TenantClaim = "provisio:tenant";
    public const string TokenClaim = "provisio:token";
    public const string TokenNameClaim = "provisio:token-name";
}
