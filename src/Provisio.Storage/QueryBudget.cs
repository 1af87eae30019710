using Provisio.Scim.Filtering;

namespace Provisio.Storage;

/// <summary>
/// What one list may cost. A list that an index does not narrow (a filter with a scan term at its root, or a sort over
/// a whole tenant) is a scan: it runs for at most <see cref="ScanTimeout"/>, and one tenant runs at most
/// <see cref="ScansPerTenant"/> scans at once, so its costly reads never hold the server from other tenants.
/// </summary>
/// <param name="Filter">How complex a filter may be.</param>
/// <param name="ScanTimeout">How long a scan may run before it is stopped (400 <c>invalidFilter</c>), and how long it may wait for its turn (429).</param>
/// <param name="ScansPerTenant">How many scans one tenant may run at once; more wait for their turn.</param>
public sealed record QueryBudget(FilterLimits Filter, TimeSpan ScanTimeout, int ScansPerTenant)
{
    /// <summary>The default filter limits, 5 seconds per scan, one scan per tenant at a time.</summary>
    public static QueryBudget Default { get; } = new(FilterLimits.Default, TimeSpan.FromSeconds(5), 1);
}
