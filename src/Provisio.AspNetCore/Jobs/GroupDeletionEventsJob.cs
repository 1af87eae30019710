using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Provisio.Storage.Events;
using Provisio.Storage.Sql;

namespace Provisio.AspNetCore.Jobs;

/// <summary>
/// Writes the events of groups deleted with more members than one DELETE announces itself: each member's
/// <c>group.user_removed</c>, then <c>group.deleted</c>, in batches of <see cref="BackgroundJobOptions.GroupDeletionEventsBatch"/>.
/// </summary>
internal sealed class GroupDeletionEventsJob(
    ISqlDialect dialect,
    IGroupDeletionEvents deletions,
    IHostApplicationLifetime lifetime,
    IOptions<ProvisioOptions> options,
    TimeProvider time,
    ILogger<GroupDeletionEventsJob> logger) : TenantBacklogJob(dialect, lifetime, time, logger)
{
    private readonly BackgroundJobOptions settings = options.Value.Jobs;

    protected override string Name => "group-deletion-events";

    protected override string LockPrefix => "provisio:group-deletions:";

    protected override TimeSpan Interval => settings.GroupDeletionEventsInterval;

    protected override Task<IReadOnlyList<string>> PendingTenantsAsync(CancellationToken cancellationToken) =>
        deletions.PendingTenantsAsync(cancellationToken);

    protected override async Task RunForTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        var written = await deletions.WriteAsync(tenantId, settings.GroupDeletionEventsBatch, cancellationToken);
        Log.GroupDeletionEventsWritten(Logger, tenantId, written);
    }
}
