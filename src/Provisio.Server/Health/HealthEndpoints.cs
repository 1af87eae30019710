using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Provisio.Server.Health;

/// <summary>
/// <c>/healthz</c> (liveness: the process serves requests; no check runs) and <c>/readyz</c> (readiness: the database
/// answers and is migrated), anonymous and outside the SCIM rate limits, for load balancers and orchestrators.
/// </summary>
internal static class HealthEndpoints
{
    public const string LivenessPath = "/healthz";

    public const string ReadinessPath = "/readyz";

    private const string ReadyTag = "ready";

    public static IServiceCollection AddProvisioHealthChecks(this IServiceCollection services)
    {
        // A probe must answer before the load balancer gives up on it, even when the database hangs instead of refusing.
        services.AddHealthChecks()
            .AddCheck<DatabaseReadinessCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        services.AddSingleton<DatabaseReadinessCheck>();
        return services;
    }

    public static void MapProvisioHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
    }

    /// <summary>Probe paths, which telemetry leaves out of traces (a probe every few seconds is noise, not load).</summary>
    public static bool IsProbe(PathString path) =>
        path.Equals(LivenessPath, StringComparison.OrdinalIgnoreCase) || path.Equals(ReadinessPath, StringComparison.OrdinalIgnoreCase);
}
