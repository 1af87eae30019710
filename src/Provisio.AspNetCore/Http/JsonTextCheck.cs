using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;

namespace Provisio.AspNetCore.Http;

/// <summary>
/// Reads every name and string of a parsed body once, so text that parses but cannot be decoded (a lone surrogate
/// escape, invalid UTF-8 inside a string) is a 400 now rather than an exception deep in the request. NUL characters
/// are refused too: PostgreSQL text cannot hold them, and no SCIM attribute needs one.
/// </summary>
internal static class JsonTextCheck
{
    public static void Check(JsonNode node)
    {
        try
        {
            Visit(node);
        }
        catch (Exception exception) when (IsUndecodableText(exception))
        {
            throw UndecodableText();
        }
    }

    /// <summary>What System.Text.Json throws when a string or name it parsed cannot be decoded.</summary>
    public static bool IsUndecodableText(Exception exception) => exception is InvalidOperationException or DecoderFallbackException;

    public static ScimException UndecodableText() =>
        ScimException.BadRequest(ScimErrorType.InvalidSyntax, "The request body holds text that is not valid Unicode.");

    private static void Visit(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    CheckText(name);
                    Visit(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Visit(child);
                }
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                CheckText(value.GetValue<string>());
                break;
        }
    }

    private static void CheckText(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue, "The request body holds a NUL character, which no SCIM value may contain.");
        }
    }
}
