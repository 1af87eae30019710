namespace Provisio.Storage.Webhooks;

/// <summary>
/// One of a tenant's webhook endpoints. It is a consumer of the tenant's events named <see cref="Consumer"/> in
/// <c>event_consumers</c>; its signing secrets are stored as Data Protection payloads, never as plain text.
/// </summary>
public sealed record WebhookEndpoint
{
    /// <summary>The prefix of every endpoint's consumer name.</summary>
    public const string ConsumerPrefix = "webhook:";

    public required string TenantId { get; init; }

    /// <summary>Unique across tenants (<c>wh_…</c>).</summary>
    public required string Id { get; init; }

    public required Uri Url { get; init; }

    public string? Description { get; init; }

    /// <summary>The event types sent to the endpoint; null sends every type.</summary>
    public IReadOnlyList<string>? EventTypes { get; init; }

    /// <summary>A disabled endpoint keeps its place: the events written meanwhile are sent once it is enabled again.</summary>
    public required bool Enabled { get; init; }

    /// <summary>The signing secret, protected.</summary>
    public required string ProtectedSecret { get; init; }

    /// <summary>The secret before the last rotation, protected; it signs too until <see cref="PreviousSecretExpires"/>.</summary>
    public string? ProtectedPreviousSecret { get; init; }

    public DateTimeOffset? PreviousSecretExpires { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset Updated { get; init; }

    /// <summary>The endpoint's name as a consumer of the events.</summary>
    public string Consumer => ConsumerName(Id);

    public static string ConsumerName(string endpointId) => ConsumerPrefix + endpointId;

    /// <summary>Whether the endpoint takes events of <paramref name="type"/>.</summary>
    public bool Wants(string type) => EventTypes is null || EventTypes.Contains(type, StringComparer.Ordinal);
}
