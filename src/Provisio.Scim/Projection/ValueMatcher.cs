using System.Text.Json.Nodes;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Projection;

/// <summary>A value filter of a projection path, bound to a resource type: which values of the attribute it selects.</summary>
internal sealed class ValueMatcher(FilterNode? boundFilter, ResolvedPath? parent, ResourceTypeDefinition? type)
{
    /// <summary>Selects no value: the filter does not fit the resource type.</summary>
    public static ValueMatcher None { get; } = new(null, null, null);

    public bool Matches(JsonObject element) =>
        boundFilter is not null && FilterEvaluator.MatchesValue(boundFilter, parent!, element, type!);
}
