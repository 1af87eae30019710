using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore.Auth;
using Provisio.AspNetCore.Telemetry;

namespace Provisio.AspNetCore.RateLimiting;

/// <summary>
/// One bucket per tenant, so one tenant's first sync never slows another's. It runs after authorization, which has
/// already turned away requests without a valid token (they never spend a tenant's requests).
/// </summary>
internal sealed class ScimRateLimitPolicy(IOptions<ProvisioOptions> options) : TokenBucketPolicy(options)
{
    protected override void Rejected(HttpContext context)
    {
        if (context.User.FindFirst(ScimAuthenticationDefaults.TenantClaim)?.Value is { } tenant)
        {
            ProvisioMetrics.RateLimited(tenant);
        }
    }

    protected override RateLimitOptions.TokenBucket Bucket(RateLimitOptions limits) => limits.Scim;

    protected override string PartitionKey(HttpContext context) =>
        context.User.FindFirst(ScimAuthenticationDefaults.TenantClaim)?.Value is { } tenant
            ? "tenant:" + tenant
            : "client:" + ClientAddress(context);
}
