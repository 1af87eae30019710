using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Storage.Sql;

/// <summary>
/// The values promoted out of a resource's document into indexed columns and rows, so the lookups IdPs send on every
/// sync (userName, externalId, displayName, emails.value, active) never scan documents.
/// </summary>
internal sealed record ResourceKeys(
    string? UserName,
    string? DisplayName,
    string? Display,
    string? ExternalId,
    bool? Active,
    IReadOnlyList<(string Attribute, string? Qualifier, string Value)> Values)
{
    public const string EmailValue = "emails.value";

    /// <summary>
    /// The longest value an indexed key may have, in characters: four bytes each stays under PostgreSQL's B-tree row
    /// limit (2,704 bytes), and no real userName, externalId, display name or email comes near it.
    /// </summary>
    public const int MaxLength = 512;

    public static ResourceKeys From(string resourceType, JsonObject attributes)
    {
        var isUser = resourceType == ResourceTypeNames.User;
        var userName = isUser ? Text(attributes["userName"], "userName") : null;
        var displayName = Text(attributes["displayName"], "displayName");
        var values = new List<(string, string?, string)>();
        if (isUser && attributes["emails"] is JsonArray emails)
        {
            foreach (var email in emails.OfType<JsonObject>())
            {
                if (Text(email["value"], "emails.value") is { } value)
                {
                    var type = Text(email["type"], "emails.type");
                    values.Add((EmailValue, type is null ? null : ScimValues.Fold(type), ScimValues.Fold(value)));
                }
            }
        }
        return new ResourceKeys(
            UserName: userName is null ? null : ScimValues.Fold(userName),
            DisplayName: displayName is null ? null : ScimValues.Fold(displayName),
            Display: displayName ?? userName,
            ExternalId: Text(attributes["externalId"], "externalId"),
            Active: isUser && attributes["active"] is JsonValue active && active.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? (bool)active
                : null,
            Values: values);
    }

    private static string? Text(JsonNode? node, string attribute)
    {
        var text = node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? (string?)value : null;
        if (text?.Length > MaxLength)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue,
                $"{attribute} is {text.Length} characters long; an indexed attribute holds at most {MaxLength}.");
        }
        return text;
    }
}
