namespace Provisio.Storage.Events;

/// <summary>
/// Where a consumer of the outbox (the in-process handlers, a webhook endpoint) has got to in each tenant, and the
/// events it must deliver again. Callers make one consumer's work on a tenant exclusive (see
/// <see cref="Sql.ISqlDialect.TryLockAsync"/>); these reads and writes assume it.
/// </summary>
public interface IEventConsumerStore
{
    /// <summary>
    /// The tenants where <paramref name="consumer"/> has work: events after its position, or a retry due at
    /// <paramref name="now"/> at the head of its resource's queue.
    /// </summary>
    Task<IReadOnlyList<string>> PendingTenantsAsync(string consumer, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The last sequence the consumer is done with (delivered, or queued for a retry); 0 before the first.</summary>
    Task<long> ReadPositionAsync(string consumer, string tenantId, CancellationToken cancellationToken);

    /// <summary>The consumer's retries in the tenant, in sequence order.</summary>
    Task<IReadOnlyList<EventRetry>> ReadRetriesAsync(string consumer, string tenantId, CancellationToken cancellationToken);

    /// <summary>One event of the tenant by its sequence, or null when there is none.</summary>
    Task<ChangeEvent?> ReadEventAsync(string tenantId, long sequence, CancellationToken cancellationToken);

    /// <summary>Moves the consumer's position to <paramref name="position"/> and, in the same transaction, queues <paramref name="retry"/>.</summary>
    Task AdvanceAsync(string consumer, string tenantId, long position, EventRetry? retry, CancellationToken cancellationToken);

    /// <summary>Records another failed attempt of a retry and when to try again.</summary>
    Task RescheduleAsync(string consumer, string tenantId, EventRetry retry, CancellationToken cancellationToken);

    /// <summary>Forgets a retry: delivered, or given up.</summary>
    Task RemoveRetryAsync(string consumer, string tenantId, long sequence, CancellationToken cancellationToken);

    /// <summary>
    /// The consumers named <paramref name="prefix"/>… with work in some tenant: events after their position, or a
    /// retry due at <paramref name="now"/> at the head of its resource's queue. Only consumers with a position row count.
    /// </summary>
    Task<IReadOnlyList<PendingConsumer>> PendingConsumersAsync(string prefix, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Whether any consumer named <paramref name="prefix"/>… has a position in some tenant.</summary>
    Task<bool> HasConsumersAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Gives up an event after its last attempt: its retry (if any) becomes a dead letter, in one transaction; when
    /// <paramref name="position"/> is given the consumer's position moves there in the same transaction.
    /// </summary>
    Task BuryAsync(string consumer, string tenantId, EventRetry retry, DateTimeOffset died, long? position, CancellationToken cancellationToken);

    /// <summary>The consumer's dead letters in the tenant, oldest event first, with the event's id and type.</summary>
    Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(string consumer, string tenantId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Moves dead letters back into the retries, due at <paramref name="now"/> with a fresh count of attempts: the one
    /// with <paramref name="sequence"/>, or all when it is null. Returns how many were re-queued.
    /// </summary>
    Task<int> RequeueDeadLettersAsync(string consumer, string tenantId, long? sequence, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A consumer with work in a tenant.</summary>
public sealed record PendingConsumer(string Consumer, string TenantId);
