using System.ComponentModel.DataAnnotations;
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

    /// <summary>How long an RFC 9865 cursor stays valid, in seconds (advertised as <c>cursorTimeout</c>). The default is one hour.</summary>
    [Range(1, 7 * 24 * 3600)]
    public int CursorTimeoutSeconds { get; set; } = 3600;

    /// <summary>What one list or search may cost: filter complexity, the time a scan may take, scans per tenant at once.</summary>
    public QueryLimitOptions Queries { get; set; } = new();

    /// <summary>Per-tenant and discovery rate limits (429 with <c>Retry-After</c> when exceeded).</summary>
    public RateLimitOptions RateLimits { get; set; } = new();
}
