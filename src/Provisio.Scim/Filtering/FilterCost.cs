namespace Provisio.Scim.Filtering;

/// <summary>
/// What a bound filter (<see cref="FilterBinder"/>) costs to answer: its conditions, how many of them must read the
/// stored documents (or another attribute that no index serves), and whether an index narrows the resources read at
/// all. The keys IdPs send on every sync — <c>id</c>, <c>externalId</c>, <c>userName</c>, <c>displayName</c>,
/// <c>emails.value</c>, <c>members.value</c> and <c>groups.value</c> compared with <c>eq</c> — are lookups; any other
/// condition is a scan term.
/// </summary>
public readonly record struct FilterCost(int Terms, int ScanTerms, bool Indexed)
{
    /// <summary>Measures a bound filter.</summary>
    public static FilterCost Of(FilterNode boundFilter) => boundFilter switch
    {
        AndFilter and => Both(Of(and.Left), Of(and.Right), indexed: (l, r) => l || r),
        OrFilter or => Both(Of(or.Left), Of(or.Right), indexed: (l, r) => l && r),
        // "not a lookup" matches nearly everything: it narrows nothing.
        NotFilter not => Of(not.Inner) with { Indexed = false },
        ValuePathFilter valuePath => OfValuePath(valuePath),
        _ => IsLookup(boundFilter, parent: null) ? new(1, 0, true) : new(1, 1, false),
    };

    private static FilterCost Both(FilterCost left, FilterCost right, Func<bool, bool, bool> indexed) =>
        new(left.Terms + right.Terms, left.ScanTerms + right.ScanTerms, indexed(left.Indexed, right.Indexed));

    /// <summary><c>emails[type eq "work" and value eq "x"]</c> is a lookup; other conditions inside brackets read every value.</summary>
    private static FilterCost OfValuePath(ValuePathFilter valuePath)
    {
        var parent = valuePath.Path;
        var leaves = Leaves(valuePath.Filter).ToList();
        var lookups = leaves.Count(leaf => IsLookup(leaf, parent));
        var conjuncts = valuePath.Filter.Conjuncts().ToList();
        bool IsEmailType(FilterNode node) => parent.Name == "emails" && node is ComparisonFilter { Operator: ComparisonOperator.Eq, Value: string, Path.Name: "type" };
        // The translator answers emails[…] from its index only when every condition is an eq on value or type.
        var indexed = parent.Name == "emails"
            ? conjuncts.All(c => IsLookup(c, parent) || IsEmailType(c)) && conjuncts.Any(c => IsLookup(c, parent))
            : conjuncts.Any(c => IsLookup(c, parent));
        var scanTerms = leaves.Count - lookups - (indexed ? leaves.Count(IsEmailType) : 0);
        return new(leaves.Count, scanTerms, indexed);
    }

    private static IEnumerable<FilterNode> Leaves(FilterNode node) => node switch
    {
        AndFilter and => Leaves(and.Left).Concat(Leaves(and.Right)),
        OrFilter or => Leaves(or.Left).Concat(Leaves(or.Right)),
        NotFilter not => Leaves(not.Inner),
        _ => [node],
    };

    /// <summary>An <c>eq</c> on a key with an index of its own; <paramref name="parent"/> is the attribute of a value filter.</summary>
    private static bool IsLookup(FilterNode node, AttributePath? parent)
    {
        if (node is not ComparisonFilter { Operator: ComparisonOperator.Eq, Value: string } eq)
        {
            return false;
        }
        var (extension, name, sub) = parent is null
            ? (eq.Path.SchemaUrn, eq.Path.Name, eq.Path.SubAttribute)
            : (parent.SchemaUrn, parent.Name, eq.Path.Name);
        return extension is null && (name, sub) switch
        {
            ("id" or "externalId" or "userName" or "displayName", null) => true,
            ("emails" or "members" or "groups", "value") => true,
            _ => false,
        };
    }
}
