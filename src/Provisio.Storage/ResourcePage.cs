using Provisio.Scim.Resources;
using Provisio.Storage.Paging;

namespace Provisio.Storage;

/// <summary>
/// One page of a list and how many resources match in all; for cursor paging, the positions of its first and last
/// resource and whether pages exist before and after it.
/// </summary>
public sealed record ResourcePage(IReadOnlyList<ScimResource> Resources, long TotalResults)
{
    public PagePosition? First { get; init; }

    public PagePosition? Last { get; init; }

    public bool HasPrevious { get; init; }

    public bool HasNext { get; init; }

    /// <summary>Membership was asked for but is over <see cref="ReadOptions.MembershipLimit"/>: it was not read.</summary>
    public bool MembershipOmitted { get; init; }
}
