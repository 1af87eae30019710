using System.ComponentModel.DataAnnotations;
using Provisio.AspNetCore.Events;
using Provisio.AspNetCore.Jobs;
using Provisio.AspNetCore.RateLimiting;

namespace Provisio.AspNetCore;

/// <summary>Provisio's protocol limits; the same numbers are advertised in <c>/ServiceProviderConfig</c>.</summary>
public sealed class ProvisioOptions
{
    /// <summary>Resources per page when a list asks for no <c>count</c>. The default is 100.</summary>
    [Range(1, 10_000)]
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>The most resources one page returns (<c>filter.maxResults</c>); larger counts are capped. The default is 1,000.</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 1_000;

    /// <summary>The largest request body accepted, in bytes; larger ones get 413. The default is 1 MiB.</summary>
    [Range(1_024, 256 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>The most operations one /Bulk request may carry (<c>bulk.maxOperations</c>); more get 413. The default is 1,000.</summary>
    [Range(1, 100_000)]
    public int MaxBulkOperations { get; set; } = 1_000;

    /// <summary>The largest /Bulk request body, in bytes (<c>bulk.maxPayloadSize</c>); larger ones get 413. The default is 1 MiB.</summary>
    [Range(1_024, 256 * 1024 * 1024)]
    public int MaxBulkPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>The most operations one PATCH request may carry. The default is 1,000.</summary>
    [Range(1, 100_000)]
    public int MaxPatchOperations { get; set; } = 1_000;

    /// <summary>
    /// A PATCH that changes the members of a group with more members than this answers 204 instead of returning the
    /// whole group. The default is 1,000.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int GroupPatchFullResponseLimit { get; set; } = 1_000;

    /// <summary>
    /// The most membership entries (group members, user groups) a list or search reads into memory for one page; a
    /// page that shows more streams them resource by resource instead, so memory per request stays bounded. The
    /// default is 10,000.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int ListMembershipBufferLimit { get; set; } = 10_000;

    /// <summary>How long an RFC 9865 cursor stays valid, in seconds (advertised as <c>cursorTimeout</c>). The default is one hour.</summary>
    [Range(1, 7 * 24 * 3600)]
    public int CursorTimeoutSeconds { get; set; } = 3600;

    /// <summary>
    /// The URL clients reach this app's root at (<c>https://scim.example.com</c>, or <c>https://example.com/provisio</c>
    /// behind a path-routing proxy). When set, <c>Location</c>, <c>meta.location</c> and <c>$ref</c> are built from it
    /// instead of the request's <c>Host</c> header and scheme, which a client or a TLS-terminating proxy decides.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Whether <c>/ServiceProviderConfig</c> carries the RFC 9865 <c>pagination</c> block. The default is true; turn it
    /// off for strict clients that refuse unknown members (python <c>scim2-client</c>). Cursor paging works either way.
    /// </summary>
    public bool AdvertisePagination { get; set; } = true;

    /// <summary>What one list or search may cost: filter complexity, the time a scan may take, scans per tenant at once.</summary>
    public QueryLimitOptions Queries { get; set; } = new();

    /// <summary>Per-tenant and discovery rate limits (429 with <c>Retry-After</c> when exceeded).</summary>
    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>How change events reach the in-process handlers: polling, retries and their backoff.</summary>
    public EventHandlerOptions Events { get; set; } = new();

    /// <summary>When the maintenance jobs (purge after the grace period, audit retention) run.</summary>
    public BackgroundJobOptions Jobs { get; set; } = new();
}
