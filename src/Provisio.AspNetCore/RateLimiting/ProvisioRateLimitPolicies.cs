namespace Provisio.AspNetCore.RateLimiting;

/// <summary>The rate-limiter policy names <c>MapScim</c> puts on its endpoints (the host calls <c>app.UseRateLimiter()</c>).</summary>
public static class ProvisioRateLimitPolicies
{
    /// <summary>Per tenant, on every authenticated SCIM endpoint.</summary>
    public const string Scim = "provisio-scim";

    /// <summary>Per client address, on the discovery endpoints.</summary>
    public const string Discovery = "provisio-discovery";
}
