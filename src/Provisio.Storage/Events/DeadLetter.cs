namespace Provisio.Storage.Events;

/// <summary>An event a consumer gave up on after its last attempt (a dead delivery), kept until it is re-queued.</summary>
public sealed record DeadLetter(
    long Sequence,
    string EventId,
    string EventType,
    string ResourceId,
    int Attempts,
    string? LastError,
    DateTimeOffset Died);
