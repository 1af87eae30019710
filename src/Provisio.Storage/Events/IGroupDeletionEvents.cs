namespace Provisio.Storage.Events;

/// <summary>
/// The events of large group deletions, written after the DELETE answered: each member's <c>group.user_removed</c>,
/// then the group's <c>group.deleted</c>, with the deleting request's id and token, in that order.
/// </summary>
public interface IGroupDeletionEvents
{
    /// <summary>The tenants with a deleted group whose events are not all written yet.</summary>
    Task<IReadOnlyList<string>> PendingTenantsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the tenant's pending events, <paramref name="batchSize"/> members per transaction, oldest deletion
    /// first, until none is left; returns the number of events written.
    /// </summary>
    Task<int> WriteAsync(string tenantId, int batchSize, CancellationToken cancellationToken);
}
