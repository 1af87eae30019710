namespace Provisio.Storage.Tenancy;

/// <summary>
/// A tenant's own SCIM token bucket, named like <c>Provisio:RateLimits:Scim</c>: it refills at
/// <see cref="PermitsPerSecond"/> and holds <see cref="Burst"/> requests.
/// </summary>
public sealed record TenantRateLimit
{
    public required double PermitsPerSecond { get; init; }

    public required int Burst { get; init; }
}
