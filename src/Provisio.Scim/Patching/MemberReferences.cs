using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Resources;

namespace Provisio.Scim.Patching;

/// <summary>
/// The ids a group's <c>members</c> value names: <c>[{"value": "id"}, …]</c>, or one such object in a PATCH. Create,
/// replace and PATCH read them here, so a member without an id is refused the same way whichever brought it.
/// </summary>
public static class MemberReferences
{
    public static List<string> Ids(JsonNode value) =>
        (value as JsonArray ?? [value.DeepClone()]).Select(item => item is JsonObject member
                && member.GetIgnoreCase("value") is JsonValue id
                && id.GetValueKind() == JsonValueKind.String && ((string?)id)!.Length > 0
            ? (string)id!
            : throw ScimException.BadRequest(ScimErrorType.InvalidValue, "Every member needs a 'value' with the id of a User or Group."))
        .ToList();
}
