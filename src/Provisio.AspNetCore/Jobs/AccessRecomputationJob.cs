using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Provisio.Storage.Access;
using Provisio.Storage.Sql;

namespace Provisio.AspNetCore.Jobs;

/// <summary>
/// Computes users' access again after an admin changed a tenant's mappings, roles or allowlist (or a write reached
/// more users than it computes itself): the change only records the request, and this job walks the tenant's users in
/// batches and emits the events, so a mapping that reaches 100,000 users returns at once.
/// </summary>
internal sealed class AccessRecomputationJob(
    ISqlDialect dialect,
    IAccessStore access,
    IHostApplicationLifetime lifetime,
    IOptions<ProvisioOptions> options,
    TimeProvider time,
    ILogger<AccessRecomputationJob> logger) : TenantBacklogJob(dialect, lifetime, time, logger)
{
    private readonly BackgroundJobOptions settings = options.Value.Jobs;

    protected override string Name => "access-recomputation";

    protected override string LockPrefix => "provisio:access:";

    protected override TimeSpan Interval => settings.AccessRecomputationInterval;

    protected override Task<IReadOnlyList<string>> PendingTenantsAsync(CancellationToken cancellationToken) =>
        access.PendingRecomputationsAsync(cancellationToken);

    protected override async Task RunForTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        var changed = await access.RecomputeAsync(tenantId, settings.AccessRecomputationBatch, cancellationToken);
        Log.AccessRecomputed(Logger, tenantId, changed);
    }
}
