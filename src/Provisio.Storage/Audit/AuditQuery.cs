namespace Provisio.Storage.Audit;

/// <summary>
/// A search of one tenant's audit log, newest first: every filter is optional; <see cref="Before"/> is the paging
/// cursor (the <see cref="AuditEntry.Id"/> of the last entry of the previous page).
/// </summary>
public sealed record AuditQuery
{
    public string? ResourceId { get; init; }

    public string? Action { get; init; }

    public int? Status { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? RequestId { get; init; }

    public long? Before { get; init; }

    public int Limit { get; init; } = 100;
}
