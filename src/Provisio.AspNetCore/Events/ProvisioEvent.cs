using System.Text.Json;
using Provisio.Storage.Events;

namespace Provisio.AspNetCore.Events;

/// <summary>One change event as a handler receives it: the same id, type and data as in the events feed and webhooks.</summary>
public sealed record ProvisioEvent
{
    /// <summary>The event's stable id (<c>evt_…</c>): the idempotency key to dedupe on.</summary>
    public required string Id { get; init; }

    /// <summary>One of the <see cref="EventTypes"/>: <c>user.deactivated</c>, <c>group.user_added</c>, …</summary>
    public required string Type { get; init; }

    public required string TenantId { get; init; }

    /// <summary>Counts the tenant's events from 1 in commit order.</summary>
    public required long Sequence { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary><c>User</c> or <c>Group</c>: the resource the event is about (a membership event is about its group).</summary>
    public required string ResourceType { get; init; }

    public required string ResourceId { get; init; }

    /// <summary>The IdP's id for the request that made the change, when it sent one.</summary>
    public string? RequestId { get; init; }

    /// <summary>The visible id of the SCIM token that made the change; null for a change Provisio made itself (a purge).</summary>
    public string? TokenId { get; init; }

    public string? TokenName { get; init; }

    /// <summary>The resource after the change (for membership events: the group and the member), as SCIM renders it.</summary>
    public required JsonElement Data { get; init; }

    /// <summary>For <c>user.updated</c> and <c>group.updated</c>: the attributes that changed (extension ones URN-qualified).</summary>
    public IReadOnlyList<string>? ChangedAttributes { get; init; }

    internal static ProvisioEvent From(ChangeEvent change) => new()
    {
        Id = change.Id,
        Type = change.Type,
        TenantId = change.TenantId,
        Sequence = change.Sequence,
        OccurredAt = change.OccurredAt,
        ResourceType = change.ResourceType,
        ResourceId = change.ResourceId,
        RequestId = change.RequestId,
        TokenId = change.TokenId,
        TokenName = change.TokenName,
        Data = JsonElement.Parse(change.DataJson),
        ChangedAttributes = change.ChangedAttributes,
    };
}
