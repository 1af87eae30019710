using Provisio.Scim.Errors;

namespace Provisio.Scim.Filtering;

/// <summary>
/// How costly a filter may be. IdPs send one <c>eq</c> lookup, sometimes two joined by <c>and</c>; a filter of hundreds
/// of conditions that each read every stored document could hold the database for minutes, so it is refused up front
/// with 400 <c>invalidFilter</c>.
/// </summary>
/// <param name="MaxTerms">The most conditions (comparisons and <c>pr</c>) one filter may hold.</param>
/// <param name="MaxScanTerms">The most conditions that no index serves (see <see cref="FilterCost"/>).</param>
public sealed record FilterLimits(int MaxTerms, int MaxScanTerms)
{
    /// <summary>100 conditions, of which at most 10 scan.</summary>
    public static FilterLimits Default { get; } = new(100, 10);

    /// <summary>Throws 400 <c>invalidFilter</c> when a bound filter is over a limit; returns its cost otherwise.</summary>
    public FilterCost Check(FilterNode boundFilter)
    {
        var cost = FilterCost.Of(boundFilter);
        if (cost.Terms > MaxTerms)
        {
            throw TooComplex($"it has {cost.Terms} conditions; the limit is {MaxTerms}.");
        }
        if (cost.ScanTerms > MaxScanTerms)
        {
            throw TooComplex($"it has {cost.ScanTerms} conditions that no index serves; the limit is {MaxScanTerms}."
                + " Lookups (id, externalId, userName, displayName, emails.value, members.value or groups.value with eq) are not limited this way.");
        }
        return cost;
    }

    private static ScimException TooComplex(string reason) =>
        ScimException.BadRequest(ScimErrorType.InvalidFilter, "The filter is too complex: " + reason);
}
