using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provisio.Storage.Sql;

namespace Provisio.AspNetCore.Jobs;

/// <summary>
/// A job that, every <see cref="Interval"/>, finds the tenants with work recorded for it and does that work, one
/// instance at a time per tenant (an advisory lock), so a write can record work and answer at once. A failure for one
/// tenant is logged and tried again at the next interval; the others go on.
/// </summary>
internal abstract class TenantBacklogJob(ISqlDialect dialect, IHostApplicationLifetime lifetime, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The job's name in logs and its lock keys.</summary>
    protected abstract string Name { get; }

    protected abstract TimeSpan Interval { get; }

    protected abstract Task<IReadOnlyList<string>> PendingTenantsAsync(CancellationToken cancellationToken);

    /// <summary>The prefix of the advisory lock each tenant's work runs under; the tenant's id completes it.</summary>
    protected abstract string LockPrefix { get; }

    /// <summary>Does the tenant's recorded work; called under the tenant's lock.</summary>
    protected abstract Task RunForTenantAsync(string tenantId, CancellationToken cancellationToken);

    protected ILogger Logger => logger;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await HostStart.WaitAsync(lifetime, stoppingToken);
        try
        {
            while (true)
            {
                await RunAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: work not finished stays recorded and is done at the next start.
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var tenantId in await PendingTenantsAsync(stoppingToken))
            {
                try
                {
                    await using var lease = await dialect.TryLockAsync(LockPrefix + tenantId, stoppingToken);
                    if (lease is not null)
                    {
                        // Without the lease another instance is doing this tenant's work now.
                        await RunForTenantAsync(tenantId, stoppingToken);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    Log.JobFailedForTenant(logger, Name, tenantId, exception);
                }
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // A database that is down now is tried again at the next interval; the host keeps serving meanwhile.
            Log.JobFailed(logger, Name, exception);
        }
    }
}
