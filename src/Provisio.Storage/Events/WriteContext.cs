namespace Provisio.Storage.Events;

/// <summary>
/// Who made a write and for which request: recorded on the write's events and audit row. The SCIM layer fills it
/// from the request (token, client address, the IdP's request id); background jobs use <see cref="Background"/>.
/// </summary>
public sealed record WriteContext
{
    /// <summary>The IdP's own id for the request (Entra's client-request-id, Okta's X-Okta-Request-Id, …), when it sent one.</summary>
    public string? RequestId { get; init; }

    /// <summary>The visible id of the SCIM token that made the change (<c>scim_…</c>).</summary>
    public string? TokenId { get; init; }

    public string? TokenName { get; init; }

    public string? ClientAddress { get; init; }

    /// <summary>The HTTP method of the change (for a /Bulk operation, the operation's), or <c>SYSTEM</c> for a job.</summary>
    public required string Method { get; init; }

    /// <summary>The path of the change relative to the tenant's SCIM root (<c>/Users/42</c>), or the job's name.</summary>
    public required string Path { get; init; }

    /// <summary>A change made by Provisio itself (a purge after the grace period), not by a request.</summary>
    public static WriteContext Background(string job) => new() { Method = "SYSTEM", Path = job };
}
