using System.Text.Json.Nodes;

namespace Provisio.Scim.Projection;

/// <summary>What a projection path selects within an attribute: all or the matching values, whole or one sub-attribute.</summary>
internal sealed record ValueSelection(string? SubAttribute, ValueMatcher? Filter)
{
    /// <summary>The whole attribute.</summary>
    public static ValueSelection Whole { get; } = new(null, null);

    public bool Matches(JsonObject element) => Filter is null || Filter.Matches(element);
}
