using Microsoft.Extensions.Logging;
using Provisio.AspNetCore.Telemetry;
using Provisio.Storage.Events;
using Provisio.Storage.Sql;

namespace Provisio.AspNetCore.Events;

/// <summary>
/// One pass of one consumer over one tenant's events, under a lock so that one instance at a time delivers them:
/// first the retries that are due, then the events after the consumer's position, in sequence order. The position
/// moves past an event once it was delivered, passed over, queued in <c>event_retries</c> (after a failure, and behind
/// a failed event of the same resource, so a resource's events never overtake each other while other resources move
/// on) or given up into <c>event_dead_letters</c> after its last attempt.
/// The lock is <see cref="ISqlDialect.TryLockAsync"/> (a session advisory lock on PostgreSQL) rather than
/// <c>FOR UPDATE SKIP LOCKED</c> on the consumer's row: a row lock lasts as long as its transaction, which would stay
/// open through every delivery of the pass, and the position could only commit at its end.
/// </summary>
internal sealed class ConsumerPass(
    ISqlDialect dialect,
    IEventStore events,
    IEventConsumerStore consumers,
    TimeProvider time,
    ILogger<ConsumerPass> logger)
{
    private const int MaxErrorLength = 1_000;

    public async Task<DeliveryPass> RunAsync(IOutboxConsumer consumer, string tenantId, CancellationToken stoppingToken)
    {
        // Per consumer and tenant, so instances split the work between them, and a slow one holds only its own lock.
        await using var lease = await dialect.TryLockAsync($"provisio:events:{consumer.Name}:{tenantId}", stoppingToken);
        if (lease is null)
        {
            return DeliveryPass.Busy;
        }
        var budget = consumer.BatchSize;
        // Resources with an event still in event_retries: their newer events queue behind it. Resource ids are unique
        // within a tenant whatever the resource type, so the id alone names the resource.
        var waiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var retry in await consumers.ReadRetriesAsync(consumer.Name, tenantId, stoppingToken))
        {
            if (budget == 0 || waiting.Contains(retry.ResourceId) || retry.NextAttempt > time.GetUtcNow())
            {
                waiting.Add(retry.ResourceId);
                continue;
            }
            budget--;
            await RetryAsync(consumer, tenantId, retry, waiting, stoppingToken);
        }
        var worked = consumer.BatchSize - budget;
        if (budget == 0)
        {
            return DeliveryPass.Progress;
        }
        var position = await consumers.ReadPositionAsync(consumer.Name, tenantId, stoppingToken);
        var page = await events.ReadAsync(tenantId, position, budget, null, stoppingToken);
        var saved = position;
        var reached = position;
        foreach (var change in page.Events)
        {
            reached = change.Sequence;
            if (!consumer.Wants(change))
            {
                // Saved with the next event's move, or at the end: a filtered consumer costs no write per event it skips.
                continue;
            }
            await DeliverNewAsync(consumer, change, waiting, stoppingToken);
            saved = change.Sequence;
        }
        // The read may have covered more than its events (dry-run events it passed over): the position moves past them too.
        reached = Math.Max(reached, page.Through);
        if (reached > saved)
        {
            await consumers.AdvanceAsync(consumer.Name, tenantId, reached, null, stoppingToken);
        }
        return worked + page.Events.Count > 0 || reached > position ? DeliveryPass.Progress : DeliveryPass.Idle;
    }

    private async Task DeliverNewAsync(IOutboxConsumer consumer, ChangeEvent change, HashSet<string> waiting, CancellationToken stoppingToken)
    {
        EventRetry? retry = null;
        if (waiting.Contains(change.ResourceId))
        {
            Log.EventQueuedBehindRetry(logger, consumer.Name, change.Id, change.Type, change.TenantId);
            retry = new EventRetry(change.Sequence, change.ResourceId, Attempts: 0, NextAttempt: time.GetUtcNow());
        }
        else if (await consumer.DeliverAsync(change, 1, stoppingToken) is { } failure)
        {
            retry = Failed(consumer, change, 1, failure);
            if (retry.Attempts >= consumer.MaxAttempts)
            {
                await consumers.BuryAsync(consumer.Name, change.TenantId, retry, time.GetUtcNow(), change.Sequence, stoppingToken);
                ProvisioMetrics.Dead(consumer.Name, change.TenantId);
                return;
            }
            waiting.Add(change.ResourceId);
        }
        else
        {
            ProvisioMetrics.Delivered(consumer.Name, change.TenantId);
        }
        await consumers.AdvanceAsync(consumer.Name, change.TenantId, change.Sequence, retry, stoppingToken);
    }

    private async Task RetryAsync(IOutboxConsumer consumer, string tenantId, EventRetry retry, HashSet<string> waiting, CancellationToken stoppingToken)
    {
        var change = await consumers.ReadEventAsync(tenantId, retry.Sequence, stoppingToken);
        if (change is null)
        {
            await consumers.RemoveRetryAsync(consumer.Name, tenantId, retry.Sequence, stoppingToken);
            return;
        }
        var attempt = retry.Attempts + 1;
        if (await consumer.DeliverAsync(change, attempt, stoppingToken) is not { } failure)
        {
            await consumers.RemoveRetryAsync(consumer.Name, tenantId, retry.Sequence, stoppingToken);
            ProvisioMetrics.Delivered(consumer.Name, tenantId);
            return;
        }
        var next = Failed(consumer, change, attempt, failure);
        if (attempt >= consumer.MaxAttempts)
        {
            // Its resource's later events go on: they were waiting for this one to be delivered or dead.
            await consumers.BuryAsync(consumer.Name, tenantId, next, time.GetUtcNow(), null, stoppingToken);
            ProvisioMetrics.Dead(consumer.Name, tenantId);
            return;
        }
        await consumers.RescheduleAsync(consumer.Name, tenantId, next, stoppingToken);
        waiting.Add(retry.ResourceId);
    }

    /// <summary>The record of a failed attempt: when to try again, or (after the last attempt) what is buried.</summary>
    private EventRetry Failed(IOutboxConsumer consumer, ChangeEvent change, int attempts, DeliveryFailure failure)
    {
        var error = failure.Message.Length > MaxErrorLength ? failure.Message[..MaxErrorLength] : failure.Message;
        if (attempts >= consumer.MaxAttempts)
        {
            Log.EventGivenUp(logger, consumer.Name, change.Id, change.Type, change.TenantId, change.ResourceType, change.ResourceId, attempts, error, failure.Exception);
            return new EventRetry(change.Sequence, change.ResourceId, attempts, time.GetUtcNow(), error);
        }
        var next = time.GetUtcNow() + consumer.Backoff(attempts, Random.Shared.NextDouble());
        Log.EventDeliveryAttemptFailed(logger, consumer.Name, change.Id, change.Type, change.TenantId, attempts, next, error, failure.Exception);
        return new EventRetry(change.Sequence, change.ResourceId, attempts, next, error);
    }
}
