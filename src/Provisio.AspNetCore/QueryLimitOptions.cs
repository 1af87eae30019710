using System.ComponentModel.DataAnnotations;
using Provisio.Scim.Filtering;
using Provisio.Storage;

namespace Provisio.AspNetCore;

/// <summary>
/// What one list or search may cost (<c>Provisio:Queries</c>). A filter over a limit is 400 <c>invalidFilter</c>
/// ("too complex"); a search that reads every resource of a tenant (a scan) is stopped after
/// <see cref="ScanTimeout"/> with 400 <c>invalidFilter</c> ("took too long"); a tenant's scans beyond
/// <see cref="ScansPerTenant"/> wait for their turn, at most <see cref="ScanTimeout"/>, then get 429 with <c>Retry-After</c>.
/// </summary>
public sealed class QueryLimitOptions
{
    /// <summary>The most conditions one filter may hold. The default is 100.</summary>
    [Range(1, 10_000)]
    public int MaxFilterTerms { get; set; } = FilterLimits.Default.MaxTerms;

    /// <summary>The most conditions of one filter that no index serves (all but id, externalId, userName, displayName, emails.value, members.value and groups.value with eq). The default is 10.</summary>
    [Range(0, 10_000)]
    public int MaxFilterScanTerms { get; set; } = FilterLimits.Default.MaxScanTerms;

    /// <summary>How long a scan may run, and wait for its turn. The default is 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ScanTimeout { get; set; } = QueryBudget.Default.ScanTimeout;

    /// <summary>How many scans one tenant may run at once. The default is 1.</summary>
    [Range(1, 1_000)]
    public int ScansPerTenant { get; set; } = QueryBudget.Default.ScansPerTenant;

    /// <summary>These limits as the store takes them.</summary>
    public QueryBudget ToBudget() => new(new FilterLimits(MaxFilterTerms, MaxFilterScanTerms), ScanTimeout, ScansPerTenant);
}
