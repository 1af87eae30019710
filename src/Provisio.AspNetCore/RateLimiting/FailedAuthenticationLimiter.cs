using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Provisio.AspNetCore.RateLimiting;

/// <summary>
/// A token bucket per client address that only failed authentications draw from, so someone guessing tokens gets 429
/// after a burst while a valid token from the same address still works (it never asks this limiter). Shared by every
/// credential Provisio checks (SCIM tokens, admin keys), under <c>Provisio:RateLimits:FailedAuthentication</c>.
/// </summary>
public sealed class FailedAuthenticationLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext>? limiter;

    public FailedAuthenticationLimiter(IOptions<ProvisioOptions> options)
    {
        var limits = options.Value.RateLimits;
        if (limits.Enabled)
        {
            var bucket = TokenBucketPolicy.LimiterOptions(limits.FailedAuthentication);
            limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(TokenBucketPolicy.ClientAddress(context), _ => bucket));
        }
    }

    /// <summary>Counts one failed authentication from the request's client address; not acquired when over the limit.</summary>
    public RateLimitLease RecordFailure(HttpContext context) =>
        limiter?.AttemptAcquire(context) ?? Allowed.Instance;

    /// <summary>Whole seconds until a refused client may try again (at least 1).</summary>
    public static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;

    public void Dispose() => limiter?.Dispose();

    /// <summary>The lease when limits are off.</summary>
    private sealed class Allowed : RateLimitLease
    {
        public static readonly Allowed Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
