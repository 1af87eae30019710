using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Provisio.AspNetCore.RateLimiting;

/// <summary>Discovery needs no token, so its bucket is per client address.</summary>
internal sealed class DiscoveryRateLimitPolicy(IOptions<ProvisioOptions> options) : TokenBucketPolicy(options)
{
    protected override RateLimitOptions.TokenBucket Bucket(HttpContext context, RateLimitOptions limits) => limits.Discovery;

    protected override string PartitionKey(HttpContext context) => "client:" + ClientAddress(context);
}
