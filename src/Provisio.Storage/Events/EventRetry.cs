namespace Provisio.Storage.Events;

/// <summary>
/// An event a consumer must deliver again: one that failed (<see cref="Attempts"/> &gt; 0), or a later event of the
/// same resource queued behind it (<see cref="Attempts"/> = 0), so the resource's events stay in order.
/// </summary>
public sealed record EventRetry(long Sequence, string ResourceId, int Attempts, DateTimeOffset NextAttempt, string? LastError = null);
