using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore.Http;

namespace Provisio.AspNetCore.RateLimiting;

/// <summary>
/// A token bucket per partition (a tenant, or a client address), rejected with the RFC 7644 error shape: 429, no
/// <c>scimType</c>, and <c>Retry-After</c> so IdPs back off instead of recording a failure.
/// </summary>
internal abstract class TokenBucketPolicy(IOptions<ProvisioOptions> options) : IRateLimiterPolicy<string>
{
    /// <summary>Buckets refill in steps this long, so a burst's tail is not one long wait.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private readonly RateLimitOptions limits = options.Value.RateLimits;

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (rejected, _) =>
    {
        Rejected(rejected.HttpContext);
        return new(RejectAsync(rejected.HttpContext, rejected.Lease));
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (!limits.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        var bucket = Bucket(httpContext, limits);
        return RateLimitPartition.GetTokenBucketLimiter(PartitionKey(httpContext), _ => LimiterOptions(bucket));
    }

    /// <summary>Which bucket this request draws from; <see cref="PartitionKey"/> must differ for buckets that differ.</summary>
    protected abstract RateLimitOptions.TokenBucket Bucket(HttpContext context, RateLimitOptions limits);

    /// <summary>Called for each request the policy refuses, before its 429 is written.</summary>
    protected virtual void Rejected(HttpContext context)
    {
    }

    /// <summary>Who shares a bucket.</summary>
    protected abstract string PartitionKey(HttpContext context);

    internal static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    internal static TokenBucketRateLimiterOptions LimiterOptions(RateLimitOptions.TokenBucket bucket)
    {
        // Refill every 100 ms when the rate allows whole tokens per step, else one token per 1/rate seconds.
        var perStep = bucket.PermitsPerSecond * Step.TotalSeconds;
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = bucket.Burst,
            TokensPerPeriod = perStep >= 1 ? (int)Math.Round(perStep) : 1,
            ReplenishmentPeriod = perStep >= 1 ? Step : TimeSpan.FromSeconds(1 / bucket.PermitsPerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    /// <summary>429 with <c>Retry-After</c> from the lease and the SCIM error body.</summary>
    internal static Task RejectAsync(HttpContext context, RateLimitLease lease)
    {
        var seconds = FailedAuthenticationLimiter.RetryAfterSeconds(lease);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ScimErrorWriter.WriteAsync(context, StatusCodes.Status429TooManyRequests, null,
            $"Too many requests. Retry after {seconds} second{(seconds == 1 ? "" : "s")}.");
    }
}
