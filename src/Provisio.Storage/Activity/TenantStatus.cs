namespace Provisio.Storage.Activity;

/// <summary>How a tenant's sync is doing, read from its request counts, resource counts and the audit log.</summary>
public sealed record TenantStatus
{
    public DateTimeOffset? FirstSyncAt { get; init; }

    public DateTimeOffset? LastRequestAt { get; init; }

    /// <summary>Users that are not suspended (<c>active</c> true or not given).</summary>
    public long ActiveUsers { get; init; }

    public long SuspendedUsers { get; init; }

    /// <summary>Soft-deleted users waiting to be purged.</summary>
    public long DeletedUsers { get; init; }

    public long Groups { get; init; }

    /// <summary>Requests per status in the last hour (the periods that started in it).</summary>
    public required IReadOnlyDictionary<int, long> LastHour { get; init; }

    /// <summary>Requests per status in the last 24 hours.</summary>
    public required IReadOnlyDictionary<int, long> LastDay { get; init; }

    /// <summary>The newest refused requests that were audited, newest first.</summary>
    public required IReadOnlyList<RequestFailure> RecentFailures { get; init; }
}

/// <summary>One refused SCIM request, from its audit row.</summary>
public sealed record RequestFailure(DateTimeOffset At, string Method, string Path, int Status, string? ScimType, string? Detail);
