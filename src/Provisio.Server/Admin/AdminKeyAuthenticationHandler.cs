using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore.RateLimiting;
using Provisio.Storage.Admin;

namespace Provisio.Server.Admin;

/// <summary>
/// Authenticates an admin API key. Only <c>admin_keys</c> is consulted, so a SCIM token is never an admin key. A key
/// that is missing, malformed, unknown, revoked or wrong gets the same 401, so probing learns nothing about key ids.
/// Keys are read from the database on every request: a revocation takes effect on the next one, on every instance.
/// </summary>
internal sealed class AdminKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IAdminKeyStore keys,
    FailedAuthenticationLimiter failures,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>last_used is written at most this often, so reads don't each cost a write.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Compared against when the id is unknown, so an unknown id costs the same hashing as a wrong secret.</summary>
    private static readonly byte[] NoHash = new byte[32];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Not a bearer token.");
        }
        var key = header[bearer.Length..].Trim();
        var keyId = AdminKeyFormat.ParseId(key);
        var record = keyId is null ? null : await keys.FindAsync(keyId, Context.RequestAborted);
        var matches = AdminKeyFormat.Matches(key, record?.SecretHash ?? NoHash);
        if (record is null || !matches || !record.IsActive)
        {
            return AuthenticateResult.Fail("Unknown, wrong or revoked admin key.");
        }
        var now = time.GetUtcNow();
        if (record.LastUsed is null || now - record.LastUsed > LastUsedResolution)
        {
            await keys.RecordUseAsync(record.Id, now, Context.RequestAborted);
        }
        var identity = new ClaimsIdentity(
            [new Claim(AdminAuthenticationDefaults.KeyClaim, record.Id), new Claim(AdminAuthenticationDefaults.KeyNameClaim, record.Name)],
            AdminAuthenticationDefaults.Scheme);
        if (record.TenantId is { } tenant)
        {
            identity.AddClaim(new Claim(AdminAuthenticationDefaults.TenantClaim, tenant));
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AdminAuthenticationDefaults.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Failures draw from the same per-address bucket as SCIM tokens: guessing keys gets 429, a valid key still works.
        using var lease = failures.RecordFailure(Context);
        if (!lease.IsAcquired)
        {
            var seconds = FailedAuthenticationLimiter.RetryAfterSeconds(lease);
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return AdminProblem.WriteAsync(Context, StatusCodes.Status429TooManyRequests, $"Too many failed authentications. Retry after {seconds} s.");
        }
        Response.Headers.WWWAuthenticate = "Bearer realm=\"provisio-admin\"";
        return AdminProblem.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            "A valid admin key is required (Authorization: Bearer pak_…). Create one with: provisio admin-keys create --name NAME");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AdminProblem.WriteAsync(Context, StatusCodes.Status403Forbidden, AdminKeyScope.TenantOf(Context.User) is { } tenant
            ? $"This admin key is for tenant '{tenant}' only: it may use /api/tenants/{tenant}/… but not other tenants' routes, nor create or delete tenants."
            : "This key may not do that.");
}
