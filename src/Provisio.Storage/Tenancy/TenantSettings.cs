namespace Provisio.Storage.Tenancy;

/// <summary>
/// What a tenant's owner chooses about its data, stored in the database with the tenant (all have defaults):
/// how DELETE works, how long the audit log is kept, which attributes are never stored, where the IdP's request id is.
/// </summary>
public sealed record TenantSettings
{
    /// <summary>The IdPs' request-id headers, first found wins: Entra, generic, Okta, W3C trace context.</summary>
    public static IReadOnlyList<string> DefaultRequestIdHeaders { get; } = ["client-request-id", "X-Request-Id", "X-Okta-Request-Id", "traceparent"];

    // After the list above: static initializers run in order, and a new instance reads it.
    public static TenantSettings Default { get; } = new();

    public DeleteMode DeleteMode { get; init; } = DeleteMode.Soft;

    /// <summary>With <see cref="DeleteMode.Soft"/>: days after which a deleted user is purged; null keeps it.</summary>
    public int? GraceDays { get; init; }

    public int AuditRetentionDays { get; init; } = 90;

    /// <summary>Whether GET and search requests get audit rows too (writes always do).</summary>
    public bool AuditReads { get; init; }

    /// <summary>
    /// Attribute paths dropped from every input and never stored, logged, audited or put in events, e.g.
    /// <c>urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber</c> or a custom <c>ssn</c>.
    /// </summary>
    public IReadOnlyList<string> SensitiveAttributes { get; init; } = [];

    public IReadOnlyList<string> RequestIdHeaders { get; init; } = DefaultRequestIdHeaders;

    /// <summary>
    /// The groups whose mappings grant access (by id or displayName, case-insensitively); null means every group.
    /// Groups outside the list are still stored, so turning them on later needs no re-sync.
    /// </summary>
    public IReadOnlyList<string>? SyncGroups { get; init; }

    /// <summary>What a SCIM write that would leave a protected role with no active holder does.</summary>
    public ProtectedRolePolicy ProtectedRolePolicy { get; init; } = ProtectedRolePolicy.Refuse;

    /// <summary>Every SCIM request of the tenant answers 503 with <c>Retry-After</c> and changes nothing (discovery still answers).</summary>
    public bool Paused { get; init; }

    /// <summary>SCIM writes as usual, but their events are marked at write time and never delivered (handlers, webhooks, feed).</summary>
    public bool DryRun { get; init; }

    /// <summary>A user's <c>externalId</c> is unique in the tenant (case-sensitively, as RFC 7643 makes it caseExact).</summary>
    public bool ExternalIdUnique { get; init; }

    /// <summary>The most resources one page of this tenant's lists returns; null is the server's <c>Provisio:MaxPageSize</c>.</summary>
    public int? MaxPageSize { get; init; }

    /// <summary>Resources per page when a list asks for no count; null is the server's <c>Provisio:DefaultPageSize</c>.</summary>
    public int? DefaultPageSize { get; init; }

    /// <summary>This tenant's SCIM token bucket; null is the server's <c>Provisio:RateLimits:Scim</c>.</summary>
    public TenantRateLimit? RateLimit { get; init; }

    /// <summary>The sync status says stale when no SCIM request arrived for this many hours.</summary>
    public int StaleAfterHours { get; init; } = 24;
}

/// <summary>What happens to a SCIM write that would leave a protected role (e.g. the only admin) without an active holder.</summary>
public enum ProtectedRolePolicy
{
    /// <summary>The write is refused with a 400 that names the role; nothing changes.</summary>
    Refuse,

    /// <summary>The write succeeds and an <c>access.protected_role_orphaned</c> event is emitted.</summary>
    AllowAndAlert,
}

/// <summary>What DELETE of a user does.</summary>
public enum DeleteMode
{
    /// <summary>The user answers 404 and frees its userName, but is kept (with its memberships) until purged.</summary>
    Soft,

    /// <summary>The user's rows are gone at once (<c>user.purged</c> follows <c>user.deleted</c>).</summary>
    Hard,
}
