using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Provisio.Storage.Migrations;

namespace Provisio.Server.Health;

/// <summary>
/// Ready when the database answers and holds every migration this build knows. The migration check runs until it
/// first passes and is then remembered (a schema does not go back), so a probe costs one <c>SELECT 1</c>.
/// </summary>
internal sealed class DatabaseReadinessCheck(Migrator migrator) : IHealthCheck
{
    private volatile bool migrated;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (migrated)
            {
                await migrator.PingAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            var applied = await migrator.AppliedVersionAsync(cancellationToken);
            if (applied < migrator.LatestVersion)
            {
                return HealthCheckResult.Unhealthy($"The database is at migration {applied}, not yet {migrator.LatestVersion}.");
            }
            migrated = true;
            return HealthCheckResult.Healthy();
        }
        catch (DbException exception)
        {
            // The reason is the exception's type and message: a driver message names the host, never the password.
            return HealthCheckResult.Unhealthy("The database is unreachable.", exception);
        }
    }
}
