using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Server.Webhooks;

namespace Provisio.Server.Admin;

/// <summary>
/// Reads the body of a webhook POST or PATCH (a JSON merge patch): <c>url</c>, <c>events</c>, <c>description</c>,
/// <c>enabled</c>. Every malformed member is a 400 that names it.
/// </summary>
internal static class WebhookRequestBody
{
    private static readonly string[] Members = ["url", "events", "description", "enabled"];

    public static async Task<WebhookChanges> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            throw QueryParameters.Bad($"The body is not valid JSON: {exception.Message}");
        }
        if (body is not JsonObject members)
        {
            throw QueryParameters.Bad("The body must be a JSON object with url, events, description and/or enabled.");
        }
        foreach (var (name, _) in members)
        {
            if (!Members.Contains(name, StringComparer.Ordinal))
            {
                throw QueryParameters.Bad($"'{name}' is not a member of a webhook endpoint that can be set; those are {string.Join(", ", Members)}.");
            }
        }
        return new WebhookChanges
        {
            Url = members.TryGetPropertyValue("url", out var url) ? Text(url, "url", nullable: false) : null,
            Enabled = members.TryGetPropertyValue("enabled", out var enabled) ? Boolean(enabled) : null,
            SetsEvents = members.ContainsKey("events"),
            Events = members.TryGetPropertyValue("events", out var events) ? Types(events) : null,
            SetsDescription = members.ContainsKey("description"),
            Description = members.TryGetPropertyValue("description", out var description) ? Text(description, "description", nullable: true) : null,
        };
    }

    private static string? Text(JsonNode? node, string name, bool nullable) => node switch
    {
        null when nullable => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw QueryParameters.Bad(nullable ? $"{name} must be a string or null." : $"{name} must be a string."),
    };

    private static bool Boolean(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValue<bool>()
            : throw QueryParameters.Bad("enabled must be true or false.");

    private static List<string>? Types(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }
        if (node is not JsonArray array || array.Any(e => e is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            throw QueryParameters.Bad("events must be an array of event types, e.g. [\"user.created\", \"user.deactivated\"], or null for every type.");
        }
        return [.. array.Select(e => e!.GetValue<string>())];
    }
}
