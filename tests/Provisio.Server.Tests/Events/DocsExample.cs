using System.Collections.Concurrent;
using Provisio.AspNetCore.Events;
using Provisio.Storage.Events;

namespace Provisio.Server.Tests.Events;

// The example of docs/event-handlers.md, as written there (keep the two in step); EmbeddedHostTests runs it.

/// <summary>Ends a leaver's sessions when the IdP deactivates or deletes the user.</summary>
public sealed class RevokeSessionsOnLeave(ISessionRevoker sessions, IProcessedEvents processed) : IProvisioEventHandler
{
    public async Task HandleAsync(ProvisioEvent provisioEvent, CancellationToken cancellationToken)
    {
        if (provisioEvent.Type is not (EventTypes.UserDeactivated or EventTypes.UserDeleted))
        {
            return;
        }
        // At least once: after a failure or a crash the same event (same Id) may come again.
        if (await processed.ContainsAsync(provisioEvent.Id, cancellationToken))
        {
            return;
        }
        await sessions.RevokeAllAsync(provisioEvent.TenantId, provisioEvent.ResourceId, cancellationToken);
        await processed.AddAsync(provisioEvent.Id, cancellationToken);
    }
}

/// <summary>The app's own session store.</summary>
public interface ISessionRevoker
{
    Task RevokeAllAsync(string tenantId, string userId, CancellationToken cancellationToken);
}

/// <summary>The ids of the events the app has acted on, e.g. a table with the id as primary key.</summary>
public interface IProcessedEvents
{
    Task<bool> ContainsAsync(string eventId, CancellationToken cancellationToken);

    Task AddAsync(string eventId, CancellationToken cancellationToken);
}

/// <summary>In-memory stand-ins for the app's stores, for the test.</summary>
public sealed class InMemorySessions : ISessionRevoker, IProcessedEvents
{
    private readonly ConcurrentDictionary<string, byte> processed = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string TenantId, string UserId)> Revoked { get; } = new();

    public Task RevokeAllAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        Revoked.Enqueue((tenantId, userId));
        return Task.CompletedTask;
    }

    public Task<bool> ContainsAsync(string eventId, CancellationToken cancellationToken) => Task.FromResult(processed.ContainsKey(eventId));

    public Task AddAsync(string eventId, CancellationToken cancellationToken)
    {
        processed.TryAdd(eventId, 0);
        return Task.CompletedTask;
    }
}
