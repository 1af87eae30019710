namespace Provisio.Storage.Events;

/// <summary>Reads the outbox. Events are written by <see cref="IResourceStore"/> in the transaction of their change.</summary>
public interface IEventStore
{
    /// <summary>
    /// The tenant's events with a sequence greater than <paramref name="after"/>, in sequence order, at most
    /// <paramref name="limit"/>, only of <paramref name="types"/> when it is given. Events written in dry run are never
    /// returned: <see cref="EventPage.Through"/> moves past them.
    /// </summary>
    Task<EventPage> ReadAsync(string tenantId, long after, int limit, IReadOnlyCollection<string>? types, CancellationToken cancellationToken);

    /// <summary>The tenant's events written in dry run (never delivered), after <paramref name="after"/>, in sequence order.</summary>
    Task<EventPage> ReadDryRunAsync(string tenantId, long after, int limit, CancellationToken cancellationToken);

    /// <summary>The ids of the tenants that have any event, for the workers that go through every tenant.</summary>
    Task<IReadOnlyList<string>> TenantsWithEventsAsync(CancellationToken cancellationToken);
}
