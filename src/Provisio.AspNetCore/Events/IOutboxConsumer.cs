using Provisio.Storage.Events;

namespace Provisio.AspNetCore.Events;

/// <summary>
/// Something the outbox's events are delivered to, with a position of its own per tenant: the in-process handlers,
/// or one webhook endpoint. <see cref="ConsumerPass"/> does the bookkeeping (order per resource, retries, dead letters);
/// a consumer only says what it wants and delivers one event.
/// </summary>
internal interface IOutboxConsumer
{
    /// <summary>Its name in <c>event_consumers</c>, <c>event_retries</c> and <c>event_dead_letters</c>.</summary>
    string Name { get; }

    /// <summary>Events one pass delivers before the consumer lets others have its turn.</summary>
    int BatchSize { get; }

    /// <summary>Attempts (the first included) before an event is given up as a dead letter.</summary>
    int MaxAttempts { get; }

    /// <summary>The wait after the <paramref name="failures"/>-th failure; <paramref name="jitter"/> is uniform in [0, 1).</summary>
    TimeSpan Backoff(int failures, double jitter);

    /// <summary>Whether the consumer takes this event at all; one it does not is passed over.</summary>
    bool Wants(ChangeEvent change);

    /// <summary>Delivers one event; returns what went wrong, or null when it was delivered. Never throws for the consumer's own failures.</summary>
    Task<DeliveryFailure?> DeliverAsync(ChangeEvent change, int attempt, CancellationToken stoppingToken);
}

/// <summary>Why a delivery failed: a message for the retry's record, and the exception when there was one.</summary>
internal sealed record DeliveryFailure(string Message, Exception? Exception = null);
