using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Provisio.Storage;
using Provisio.Storage.Audit;
using Provisio.Storage.Sql;
using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Jobs;

/// <summary>
/// The maintenance jobs, every <see cref="BackgroundJobOptions.Interval"/>: purge the users each tenant soft-deleted
/// longer ago than its grace period, and prune its audit rows past their retention. Each job runs under a lock, so
/// instances sharing a database never run it at the same time; both jobs only remove what is due, so an instance
/// that runs one right after another finds nothing left and emits nothing twice.
/// </summary>
internal sealed class MaintenanceJobs(
    ISqlDialect dialect,
    ITenantStore tenants,
    ITenantSettingsStore settingsStore,
    IResourceStore resources,
    IAuditLog audit,
    IHostApplicationLifetime lifetime,
    IOptions<ProvisioOptions> options,
    TimeProvider time,
    ILogger<MaintenanceJobs> logger) : BackgroundService
{
    /// <summary>Users purged per statement: a tenant with many expired deletions purges in steps, never in one long transaction.</summary>
    public const int PurgeBatch = 500;

    private readonly BackgroundJobOptions settings = options.Value.Jobs;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await HostStart.WaitAsync(lifetime, stoppingToken);
        try
        {
            await Task.Delay(settings.FirstRunDelay, time, stoppingToken);
            while (true)
            {
                await RunAsync("purge-deleted-users", PurgeDeletedUsersAsync, stoppingToken);
                await RunAsync("audit-retention", PruneAuditLogAsync, stoppingToken);
                await Task.Delay(settings.Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the next start runs the jobs again.
        }
    }

    private async Task RunAsync(string job, Func<Tenant, CancellationToken, Task> perTenant, CancellationToken stoppingToken)
    {
        try
        {
            await using var lease = await dialect.TryLockAsync("provisio:jobs:" + job, stoppingToken);
            if (lease is null)
            {
                Log.JobSkipped(logger, job);
                return;
            }
            foreach (var tenant in await tenants.ListTenantsAsync(stoppingToken))
            {
                try
                {
                    await perTenant(tenant, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // One tenant's failure leaves the others' maintenance to run; its own is tried at the next interval.
                    Log.JobFailedForTenant(logger, job, tenant.Id, exception);
                }
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // A database that is down now is tried again at the next interval; the host keeps serving meanwhile.
            Log.JobFailed(logger, job, exception);
        }
    }

    private async Task PurgeDeletedUsersAsync(Tenant tenant, CancellationToken stoppingToken)
    {
        var tenantSettings = await settingsStore.GetAsync(tenant.Id, stoppingToken);
        if (tenantSettings is not { DeleteMode: DeleteMode.Soft, GraceDays: { } graceDays })
        {
            return;
        }
        var deletedBefore = time.GetUtcNow().AddDays(-graceDays);
        var purged = 0;
        int step;
        do
        {
            step = await resources.PurgeDeletedAsync(tenant.Id, deletedBefore, PurgeBatch, stoppingToken);
            purged += step;
        }
        while (step > 0);
        if (purged > 0)
        {
            Log.DeletedUsersPurged(logger, purged, tenant.Id);
        }
    }

    private async Task PruneAuditLogAsync(Tenant tenant, CancellationToken stoppingToken)
    {
        var tenantSettings = await settingsStore.GetAsync(tenant.Id, stoppingToken);
        var pruned = await audit.PruneAsync(tenant.Id, time.GetUtcNow().AddDays(-tenantSettings.AuditRetentionDays), stoppingToken);
        if (pruned > 0)
        {
            Log.AuditRowsPruned(logger, pruned, tenant.Id);
        }
    }
}
