namespace Provisio.Storage.Events;

/// <summary>
/// One change event as stored in the outbox and read by the feed and the handlers. <see cref="Id"/> is the idempotency
/// key consumers dedupe on; <see cref="Sequence"/> counts per tenant from 1 in commit order.
/// </summary>
public sealed record ChangeEvent
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required string TenantId { get; init; }

    public required long Sequence { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary><c>User</c> or <c>Group</c>: the resource the event is about (a membership event is about its group).</summary>
    public required string ResourceType { get; init; }

    public required string ResourceId { get; init; }

    public string? RequestId { get; init; }

    public string? TokenId { get; init; }

    public string? TokenName { get; init; }

    /// <summary>
    /// The event's <c>data</c> object as JSON text: the resource after the change (and <c>changedAttributes</c> for
    /// <c>user.updated</c>), or for membership events the group and the member.
    /// </summary>
    public required string DataJson { get; init; }

    /// <summary>For <c>user.updated</c> and <c>group.updated</c>: the attributes that changed (extension ones URN-qualified).</summary>
    public IReadOnlyList<string>? ChangedAttributes { get; init; }
}
