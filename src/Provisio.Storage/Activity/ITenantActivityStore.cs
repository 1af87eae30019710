namespace Provisio.Storage.Activity;

/// <summary>Counts of each tenant's SCIM requests, and the sync status read from them.</summary>
public interface ITenantActivityStore
{
    /// <summary>Adds what an instance counted to the stored counts (several instances add theirs up).</summary>
    Task RecordAsync(IReadOnlyCollection<RequestTally> tallies, CancellationToken cancellationToken);

    /// <summary>The tenant's status at <paramref name="now"/>, with at most <paramref name="failures"/> recent failures.</summary>
    Task<TenantStatus> ReadStatusAsync(string tenantId, DateTimeOffset now, int failures, CancellationToken cancellationToken);
}
