using System.Reflection;
using System.Text.Json.Nodes;

namespace Provisio.Bench;

/// <summary>
/// The user Okta POSTs on a sync (the test fixture Users.create.json, from Okta's SCIM reference), made unique per
/// index: the body size and attribute mix are what a real first sync sends.
/// </summary>
internal static class OktaUser
{
    private static readonly JsonObject Template = Load();

    public static string UserName(int index) => $"user{index}@okta.example";

    public static string Body(int index)
    {
        var user = (JsonObject)Template.DeepClone();
        user["userName"] = UserName(index);
        user["externalId"] = $"00u{index:D10}x7";
        user["displayName"] = $"User {index}";
        user["name"] = new JsonObject { ["givenName"] = "User", ["familyName"] = $"Number {index}" };
        user["emails"]![0]!["value"] = UserName(index);
        return user.ToJsonString();
    }

    private static JsonObject Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Okta.Users.create.json")
            ?? throw new InvalidOperationException("The Okta user fixture is not embedded.");
        return (JsonObject)JsonNode.Parse(stream)!;
    }
}
