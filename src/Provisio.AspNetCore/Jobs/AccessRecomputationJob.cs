using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Provisio.Storage.Access;
using Provisio.Storage.Sql;

namespace Provisio.AspNetCore.Jobs;

/// <summary>
/// Computes users' access again after an admin changed a tenant's mappings, roles or allowlist: the change only
/// records the request (in its own transaction), and this job, every
/// <see cref="BackgroundJobOptions.AccessRecomputationInterval"/>, walks the tenant's users in batches and emits the
/// events, so a mapping that reaches 100,000 users returns at once. One instance at a time per tenant.
/// </summary>
internal sealed class AccessRecomputationJob(
    ISqlDialect dialect,
    IAccessStore access,
    IHostApplicationLifetime lifetime,
    IOptions<ProvisioOptions> options,
    TimeProvider time,
    ILogger<AccessRecomputationJob> logger) : BackgroundService
{
    private readonly BackgroundJobOptions settings = options.Value.Jobs;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await HostStart.WaitAsync(lifetime, stoppingToken);
        try
        {
            while (true)
            {
                await RunAsync(stoppingToken);
                await Task.Delay(settings.AccessRecomputationInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a request not finished stays recorded and is done at the next start.
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var tenantId in await access.PendingRecomputationsAsync(stoppingToken))
            {
                await using var lease = await dialect.TryLockAsync("provisio:access:" + tenantId, stoppingToken);
                if (lease is null)
                {
                    continue;
                }
                try
                {
                    var changed = await access.RecomputeAsync(tenantId, settings.AccessRecomputationBatch, stoppingToken);
                    Log.AccessRecomputed(logger, tenantId, changed);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    Log.JobFailedForTenant(logger, "access-recomputation", tenantId, exception);
                }
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // A database that is down now is tried again at the next interval; the host keeps serving meanwhile.
            Log.JobFailed(logger, "access-recomputation", exception);
        }
    }
}
