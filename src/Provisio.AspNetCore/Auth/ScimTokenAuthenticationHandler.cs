using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore.Http;
using Provisio.AspNetCore.Logging;
using Provisio.AspNetCore.RateLimiting;
using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Auth;

/// <summary>
/// Authenticates a tenant's SCIM bearer token. A token that is missing, malformed, unknown, expired, revoked, or of
/// another tenant than the one in the URL gets the same 401, so tenants cannot be discovered by probing.
/// </summary>
internal sealed class ScimTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ITenantStore tenants,
    FailedAuthenticationLimiter failures,
    ITenantSettingsStore settings,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>last_used is written at most this often, so reads don't each cost a write.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

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
        var token = header[bearer.Length..].Trim();
        var tokenId = ScimTokenFormat.ParseId(token);
        var record = tokenId is null ? null : await tenants.FindTokenAsync(tokenId, Context.RequestAborted);
        var now = time.GetUtcNow();
        if (record is null || !ScimTokenFormat.Matches(token, record.SecretHash) || !record.IsValidAt(now))
        {
            return AuthenticateResult.Fail("Unknown, expired or revoked token.");
        }
        if (Context.GetRouteValue("tenant") is string routeTenant && !string.Equals(routeTenant, record.TenantId, StringComparison.Ordinal))
        {
            return AuthenticateResult.Fail("The token belongs to another tenant.");
        }
        if (record.LastUsed is null || now - record.LastUsed > LastUsedResolution)
        {
            await tenants.RecordTokenUseAsync(record.Id, now, Context.RequestAborted);
        }
        // Read once here (cached briefly) for what decides before the endpoint without awaiting: the tenant's rate limit.
        Tenancy.ScimTenantSettings.Set(Context, await settings.GetAsync(record.TenantId, Context.RequestAborted));
        var identity = new ClaimsIdentity(
            [new Claim(ScimAuthenticationDefaults.TenantClaim, record.TenantId), new Claim(ScimAuthenticationDefaults.TokenClaim, record.Id),
             new Claim(ScimAuthenticationDefaults.TokenNameClaim, record.Name)],
            ScimAuthenticationDefaults.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ScimAuthenticationDefaults.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        using var lease = failures.RecordFailure(Context);
        if (!lease.IsAcquired)
        {
            var client = LogText.Escape(TokenBucketPolicy.ClientAddress(Context));
            Log.FailedAuthenticationLimited(Logger, client);
            await TokenBucketPolicy.RejectAsync(Context, lease);
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer realm=\"scim\"";
        await ScimErrorWriter.WriteAsync(Context, StatusCodes.Status401Unauthorized, null,
            "A valid bearer token for this tenant is required (Authorization: Bearer <token>).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ScimErrorWriter.WriteAsync(Context, StatusCodes.Status403Forbidden, null, "This token may not do that.");
}
