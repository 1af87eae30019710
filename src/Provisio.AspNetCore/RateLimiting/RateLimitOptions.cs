using System.ComponentModel.DataAnnotations;

namespace Provisio.AspNetCore.RateLimiting;

/// <summary>
/// Token-bucket limits for the SCIM endpoints (per tenant), the discovery endpoints and failed authentication (per
/// client address). A bucket
/// holds <see cref="TokenBucket.Burst"/> requests and refills at <see cref="TokenBucket.PermitsPerSecond"/>.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Off only when something in front of Provisio already limits (or in benchmarks). The default is on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Per tenant, for everything behind a SCIM token. The default burst of 10,000 holds a whole 5,000-user first push
    /// (a lookup and a create per user) arriving at once; 200 requests/s is far above any IdP's steady pace.
    /// </summary>
    public TokenBucket Scim { get; set; } = new() { PermitsPerSecond = 200, Burst = 10_000 };

    /// <summary>Per client address, for the unauthenticated <c>/ServiceProviderConfig</c>, <c>/ResourceTypes</c> and <c>/Schemas</c>.</summary>
    public TokenBucket Discovery { get; set; } = new() { PermitsPerSecond = 20, Burst = 200 };

    /// <summary>
    /// Per client address, for requests whose token is missing, wrong, expired or revoked: past it they get 429 instead
    /// of 401, so guessing tokens is slow. A valid token from the same address is never refused by it.
    /// </summary>
    public TokenBucket FailedAuthentication { get; set; } = new() { PermitsPerSecond = 2, Burst = 60 };

    /// <summary>One token bucket's settings.</summary>
    public sealed class TokenBucket
    {
        /// <summary>How many requests per second the bucket refills.</summary>
        [Range(0.01, 1_000_000)]
        public double PermitsPerSecond { get; set; }

        /// <summary>How many requests may arrive at once after a quiet period.</summary>
        [Range(1, 10_000_000)]
        public int Burst { get; set; }
    }
}
