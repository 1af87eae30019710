using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Messages;

/// <summary>
/// The parameters of a list or search (RFC 7644 §3.4.2, §3.4.3; RFC 9865 <c>cursor</c>), from a query string or a
/// <c>SearchRequest</c> body. Values stay text here; each is parsed where it is used.
/// </summary>
public sealed record SearchRequest
{
    public const string Schema = ScimSchemas.SearchRequest;

    public string? Filter { get; init; }

    public string? Attributes { get; init; }

    public string? ExcludedAttributes { get; init; }

    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public string? StartIndex { get; init; }

    public string? Count { get; init; }

    /// <summary>The RFC 9865 cursor; empty asks for the first page. Null when the request does not use cursors.</summary>
    public string? Cursor { get; init; }

    /// <summary>Reads a <c>SearchRequest</c> body (RFC 7644 §3.4.3).</summary>
    public static SearchRequest FromBody(JsonObject body)
    {
        JsonNames.CheckUnambiguous(body);
        var schemas = body.GetIgnoreCase("schemas") as JsonArray;
        if (schemas is null || !schemas.Any(s => s?.GetValueKind() == JsonValueKind.String && string.Equals((string?)s, Schema, StringComparison.OrdinalIgnoreCase)))
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"A search body must carry 'schemas': [\"{Schema}\"].");
        }
        return new SearchRequest
        {
            Filter = Text(body, "filter"),
            Attributes = List(body, "attributes"),
            ExcludedAttributes = List(body, "excludedAttributes"),
            SortBy = Text(body, "sortBy"),
            SortOrder = Text(body, "sortOrder"),
            StartIndex = Text(body, "startIndex"),
            Count = Text(body, "count"),
            Cursor = Text(body, "cursor"),
        };
    }

    private static string? Text(JsonObject body, string name) => body.GetIgnoreCase(name) switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => (string?)value,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        var other => throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"'{name}' must be a string or a number, not {other.GetValueKind().ToString().ToLower(CultureInfo.InvariantCulture)}."),
    };

    /// <summary><c>attributes</c> is a list in a body and a comma-separated string in a URL; accept either.</summary>
    private static string? List(JsonObject body, string name) => body.GetIgnoreCase(name) switch
    {
        JsonArray items => string.Join(',', items.Select(i => i?.GetValueKind() == JsonValueKind.String
            ? (string?)i
            : throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"'{name}' must list attribute names."))),
        _ => Text(body, name),
    };
}
