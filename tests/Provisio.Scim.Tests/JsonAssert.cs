using System.Text.Json.Nodes;

namespace Provisio.Scim.Tests;

/// <summary>Compares JSON structurally (member order aside) and shows both documents when they differ.</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actual),
            $"Expected {expectedNode?.ToJsonString()}{Environment.NewLine}but got  {actual?.ToJsonString()}");
    }
}
