namespace Provisio.Storage.Webhooks;

/// <summary>
/// One attempt to deliver an event (or a test event) to an endpoint, for the delivery log. <see cref="StatusCode"/> is
/// null when no response came (timeout, connection refused, address refused); <see cref="Error"/> says what went wrong.
/// </summary>
public sealed record WebhookAttempt
{
    public required string TenantId { get; init; }

    public required string EndpointId { get; init; }

    public required string EventId { get; init; }

    public required string EventType { get; init; }

    /// <summary>The event's sequence; null for a test event.</summary>
    public long? Sequence { get; init; }

    /// <summary>1 for the first attempt.</summary>
    public required int Attempt { get; init; }

    public required DateTimeOffset At { get; init; }

    public required WebhookOutcome Outcome { get; init; }

    public int? StatusCode { get; init; }

    public required int LatencyMilliseconds { get; init; }

    public string? Error { get; init; }
}

/// <summary>How an attempt ended.</summary>
public enum WebhookOutcome
{
    /// <summary>The endpoint answered 2xx.</summary>
    Delivered,

    /// <summary>It did not; the event is tried again later.</summary>
    Failed,

    /// <summary>It did not, and that was the last attempt: the delivery is dead until re-queued.</summary>
    Dead,
}
