using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore.Auth;
using Provisio.AspNetCore.Telemetry;
using Provisio.AspNetCore.Tenancy;

namespace Provisio.AspNetCore.RateLimiting;

/// <summary>
/// One bucket per tenant, so one tenant's first sync never slows another's; a tenant's <c>rateLimit</c> setting gives
/// it a bucket of its own size (a new, full one whenever the setting changes). It runs after authorization, which
/// has already turned away requests without a valid token (they never spend a tenant's requests).
/// </summary>
internal sealed class ScimRateLimitPolicy(IOptions<ProvisioOptions> options, TenantRequestCounter counter) : TokenBucketPolicy(options)
{
    protected override RateLimitOptions.TokenBucket Bucket(HttpContext context, RateLimitOptions limits) =>
        ScimTenantSettings.Find(context)?.RateLimit is { } own
            ? new RateLimitOptions.TokenBucket { PermitsPerSecond = own.PermitsPerSecond, Burst = own.Burst }
            : limits.Scim;

    protected override string PartitionKey(HttpContext context)
    {
        if (context.User.FindFirst(ScimAuthenticationDefaults.TenantClaim)?.Value is not { } tenant)
        {
            return "client:" + ClientAddress(context);
        }
        return ScimTenantSettings.Find(context)?.RateLimit is { } own
            ? string.Create(CultureInfo.InvariantCulture, $"tenant:{tenant}:{own.PermitsPerSecond}:{own.Burst}")
            : "tenant:" + tenant;
    }

    /// <summary>A refused request reached its tenant too: the metrics and the sync status count its 429.</summary>
    protected override void Rejected(HttpContext context)
    {
        if (context.User.FindFirst(ScimAuthenticationDefaults.TenantClaim)?.Value is { } tenant)
        {
            ProvisioMetrics.RateLimited(tenant);
            counter.Record(tenant, StatusCodes.Status429TooManyRequests);
        }
    }
}
