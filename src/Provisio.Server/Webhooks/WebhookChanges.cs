namespace Provisio.Server.Webhooks;

/// <summary>
/// What an admin asks of an endpoint, as a JSON merge patch would: a member left out keeps its value, so
/// <see cref="SetsEvents"/> and <see cref="SetsDescription"/> tell "leave as is" from "set to null".
/// </summary>
internal sealed record WebhookChanges
{
    public string? Url { get; init; }

    public bool? Enabled { get; init; }

    /// <summary>Whether <see cref="Events"/> is given; null events mean every type.</summary>
    public bool SetsEvents { get; init; }

    public IReadOnlyList<string>? Events { get; init; }

    public bool SetsDescription { get; init; }

    public string? Description { get; init; }
}
