using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Provisio.Storage.Events;
using Provisio.Storage.Sql;

namespace Provisio.AspNetCore.Events;

/// <summary>
/// One pass over one tenant's events for the in-process handlers, under the tenant's lock so that one instance at a
/// time delivers them: first the retries that are due, then the events after the consumer's position, in sequence
/// order, each handed to every handler. The position moves past an event once it succeeded, or once it was queued in
/// <c>event_retries</c>: after a failure, and behind a failed event of the same resource, so a resource's events never
/// overtake each other while other resources move on.
/// The tenant's lock is <see cref="ISqlDialect.TryLockAsync"/> (a session advisory lock on PostgreSQL) rather than
/// <c>FOR UPDATE SKIP LOCKED</c> on the consumer's row: a row lock lasts as long as its transaction, which would stay
/// open through every handler call of the pass, and the position could only commit at its end.
/// </summary>
internal sealed class TenantEventDelivery(
    ISqlDialect dialect,
    IEventStore events,
    IEventConsumerStore consumers,
    IServiceScopeFactory scopes,
    IOptions<ProvisioOptions> options,
    TimeProvider time,
    ILogger<TenantEventDelivery> logger)
{
    /// <summary>The consumer name of the in-process handlers in <c>event_consumers</c> and <c>event_retries</c>.</summary>
    public const string Consumer = "handlers";

    private const int MaxErrorLength = 1_000;

    private readonly EventHandlerOptions settings = options.Value.Events;

    public async Task<DeliveryPass> RunAsync(string tenantId, CancellationToken stoppingToken)
    {
        // Per tenant, so instances split the tenants between them, and a slow tenant holds only its own lock.
        await using var lease = await dialect.TryLockAsync($"provisio:events:{Consumer}:{tenantId}", stoppingToken);
        if (lease is null)
        {
            return DeliveryPass.Busy;
        }
        var budget = settings.BatchSize;
        // Resources with an event still in event_retries: their newer events queue behind it. Resource ids are unique
        // within a tenant whatever the resource type, so the id alone names the resource.
        var waiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var retry in await consumers.ReadRetriesAsync(Consumer, tenantId, stoppingToken))
        {
            if (budget == 0 || waiting.Contains(retry.ResourceId) || retry.NextAttempt > time.GetUtcNow())
            {
                waiting.Add(retry.ResourceId);
                continue;
            }
            budget--;
            await RetryAsync(tenantId, retry, waiting, stoppingToken);
        }
        var worked = settings.BatchSize - budget;
        if (budget == 0)
        {
            return DeliveryPass.Progress;
        }
        var position = await consumers.ReadPositionAsync(Consumer, tenantId, stoppingToken);
        var page = await events.ReadAsync(tenantId, position, budget, null, stoppingToken);
        foreach (var change in page.Events)
        {
            await DeliverNewAsync(change, waiting, stoppingToken);
        }
        return worked + page.Events.Count > 0 ? DeliveryPass.Progress : DeliveryPass.Idle;
    }

    private async Task DeliverNewAsync(ChangeEvent change, HashSet<string> waiting, CancellationToken stoppingToken)
    {
        EventRetry? retry = null;
        if (waiting.Contains(change.ResourceId))
        {
            Log.EventQueuedBehindRetry(logger, change.Id, change.Type, change.TenantId);
            retry = new EventRetry(change.Sequence, change.ResourceId, Attempts: 0, NextAttempt: time.GetUtcNow());
        }
        else if (await DeliverAsync(change, stoppingToken) is { } failure && Failed(change, 1, failure) is { } scheduled)
        {
            retry = scheduled;
            waiting.Add(change.ResourceId);
        }
        await consumers.AdvanceAsync(Consumer, change.TenantId, change.Sequence, retry, stoppingToken);
    }

    private async Task RetryAsync(string tenantId, EventRetry retry, HashSet<string> waiting, CancellationToken stoppingToken)
    {
        var change = await consumers.ReadEventAsync(tenantId, retry.Sequence, stoppingToken);
        if (change is not null && await DeliverAsync(change, stoppingToken) is { } failure
            && Failed(change, retry.Attempts + 1, failure) is { } scheduled)
        {
            await consumers.RescheduleAsync(Consumer, tenantId, scheduled, stoppingToken);
            waiting.Add(retry.ResourceId);
            return;
        }
        await consumers.RemoveRetryAsync(Consumer, tenantId, retry.Sequence, stoppingToken);
    }

    /// <summary>The retry after a failed attempt, or null when the event is given up.</summary>
    private EventRetry? Failed(ChangeEvent change, int attempts, Exception failure)
    {
        if (attempts >= settings.MaxAttempts)
        {
            Log.EventGivenUp(logger, change.Id, change.Type, change.TenantId, change.ResourceType, change.ResourceId, attempts, failure);
            return null;
        }
        var next = time.GetUtcNow() + RetryBackoff.After(attempts, settings, Random.Shared.NextDouble());
        Log.EventHandlerFailed(logger, change.Id, change.Type, change.TenantId, attempts, next, failure);
        var error = $"{failure.GetType().FullName}: {failure.Message}";
        return new EventRetry(change.Sequence, change.ResourceId, attempts, next, error.Length > MaxErrorLength ? error[..MaxErrorLength] : error);
    }

    /// <summary>Hands the event to every handler in turn; returns what went wrong, or null when all succeeded.</summary>
    private async Task<Exception?> DeliverAsync(ChangeEvent change, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(settings.HandlerTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            // WaitAsync bounds the wait even for a handler that ignores its token: the tenant moves on either way.
            await CallHandlersAsync(ProvisioEvent.From(change), linked.Token).WaitAsync(settings.HandlerTimeout, time, stoppingToken);
            return null;
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // Whatever a handler throws is that event's failure, retried later; it must not end the tenant's pass.
            return exception;
        }
    }

    private async Task CallHandlersAsync(ProvisioEvent provisioEvent, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var handler in scope.ServiceProvider.GetServices<IProvisioEventHandler>())
        {
            await handler.HandleAsync(provisioEvent, cancellationToken);
        }
    }
}
