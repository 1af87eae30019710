using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisio.Server.Admin;

/// <summary>
/// Reads the small JSON object bodies of the tenant and token endpoints. Every malformed body or member is a 400 that
/// names it, raised before anything changes.
/// </summary>
internal static class AdminRequestBody
{
    /// <summary>The media types a JSON merge patch is accepted in (RFC 7396, and plain JSON for simple clients).</summary>
    public static readonly string[] MergePatchTypes = ["application/merge-patch+json", "application/json"];

    /// <summary>
    /// The body as an object whose members are all among <paramref name="members"/>; an empty body is an empty object
    /// when <paramref name="optional"/>.
    /// </summary>
    public static async Task<JsonObject> ReadAsync(HttpRequest request, IReadOnlyList<string> members, bool optional, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (optional && string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (JsonException exception)
        {
            throw QueryParameters.Bad($"The body is not valid JSON: {exception.Message}");
        }
        if (body is not JsonObject fields)
        {
            throw QueryParameters.Bad($"The body must be a JSON object with {string.Join(", ", members)}.");
        }
        foreach (var (name, _) in fields)
        {
            if (!members.Contains(name, StringComparer.Ordinal))
            {
                throw QueryParameters.Bad($"'{name}' is not a member that can be set here; those are {string.Join(", ", members)}.");
            }
        }
        return fields;
    }

    /// <summary>A 415 unless the request's body is JSON of one of <paramref name="mediaTypes"/>.</summary>
    public static void RequireMediaType(HttpRequest request, IReadOnlyList<string> mediaTypes)
    {
        var type = request.ContentType is { } header && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(header, out var parsed)
            ? parsed.MediaType.Value
            : null;
        if (type is null || !mediaTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException($"Send the body as {string.Join(" or ", mediaTypes)}.", StatusCodes.Status415UnsupportedMediaType);
        }
    }

    /// <summary>A required text member: present, a string, not blank, at most <paramref name="maxLength"/> characters, no control characters.</summary>
    public static string Text(JsonObject body, string name, int maxLength)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            throw QueryParameters.Bad($"{name} is required: a string of 1 to {maxLength} characters.");
        }
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            throw QueryParameters.Bad($"{name} must be a string of 1 to {maxLength} characters.");
        }
        var text = value.GetValue<string>();
        if (string.IsNullOrWhiteSpace(text) || text.Length > maxLength || text.Any(char.IsControl))
        {
            throw QueryParameters.Bad($"{name} must be 1 to {maxLength} characters, not blank, without control characters.");
        }
        return text;
    }

    /// <summary>An optional whole number from <paramref name="min"/> to <paramref name="max"/>; null when absent or null.</summary>
    public static int? Number(JsonObject body, string name, int min, int max)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number)
            && number >= min && number <= max
            ? number
            : throw QueryParameters.Bad($"{name} must be a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)}.");
    }
}
