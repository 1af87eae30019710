using Provisio.Storage.Events;

namespace Provisio.Storage.Audit;

/// <summary>
/// One audited SCIM request: who (token, client address, the IdP's request id), what (method, path, action, resource)
/// and how it ended (status, SCIM error type), with the before/after of the attributes a write changed.
/// </summary>
public sealed record AuditEntry
{
    public const int MaxErrorDetailLength = 500;

    /// <summary>Assigned by the store; increases with time, so it orders and pages the log.</summary>
    public long Id { get; init; }

    public required string TenantId { get; init; }

    public required DateTimeOffset At { get; init; }

    public string? TokenId { get; init; }

    public string? TokenName { get; init; }

    public string? ClientAddress { get; init; }

    public string? RequestId { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    /// <summary><c>create</c>, <c>replace</c>, <c>update</c>, <c>delete</c>, <c>read</c> or <c>purge</c>.</summary>
    public required string Action { get; init; }

    public required int Status { get; init; }

    /// <summary>The SCIM <c>scimType</c> of a refused request (<c>uniqueness</c>, <c>invalidValue</c>…), when it had one.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The SCIM error's <c>detail</c> of a refused request, cut to <see cref="MaxErrorDetailLength"/> characters.</summary>
    public string? ErrorDetail { get; init; }

    public string? ResourceType { get; init; }

    public string? ResourceId { get; init; }

    /// <summary>
    /// JSON: per changed attribute <c>{"before": …, "after": …}</c> (passwords and sensitive attributes never appear),
    /// and <c>members</c> as <c>{"added": [...], "removed": [...]}</c>; null for a request that changed nothing.
    /// </summary>
    public string? ChangesJson { get; init; }

    /// <summary>The row of a request made in <paramref name="context"/>: who, from where, what; the caller adds the outcome.</summary>
    public static AuditEntry For(string tenantId, WriteContext context, DateTimeOffset at, int status) => new()
    {
        TenantId = tenantId,
        At = at,
        TokenId = context.TokenId,
        TokenName = context.TokenName,
        ClientAddress = context.ClientAddress,
        RequestId = context.RequestId,
        Method = context.Method,
        Path = context.Path,
        Action = AuditActions.ForMethod(context.Method),
        Status = status,
    };
}
