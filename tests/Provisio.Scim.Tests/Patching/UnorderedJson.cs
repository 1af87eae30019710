using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisio.Scim.Tests.Patching;

/// <summary>
/// Compares JSON with member order and array order aside (SCIM multi-valued attributes are sets), and shows both
/// documents in one canonical form when they differ.
/// </summary>
internal static class UnorderedJson
{
    public static void Equal(string expected, JsonNode? actual, string? because = null)
    {
        var wanted = Canonical(JsonNode.Parse(expected));
        var got = Canonical(actual);
        Assert.True(wanted == got, $"{because}{Environment.NewLine}Expected {wanted}{Environment.NewLine}but got  {got}");
    }

    public static string Canonical(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject json => "{" + string.Join(",", json
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray array => "[" + string.Join(",", array.Select(Canonical).Order(StringComparer.Ordinal)) + "]",
        _ => node.ToJsonString(),
    };
}
