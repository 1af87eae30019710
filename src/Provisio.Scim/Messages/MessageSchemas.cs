using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Resources;

namespace Provisio.Scim.Messages;

/// <summary>The <c>schemas</c> check every API message body shares: absent is tolerated, present must name the message.</summary>
public static class MessageSchemas
{
    public static void Check(JsonObject body, string urn, string message)
    {
        if (body.GetIgnoreCase("schemas") is { } schemas
            && (schemas is not JsonArray list || !list.Any(s => s?.GetValueKind() == JsonValueKind.String && string.Equals((string?)s, urn, StringComparison.OrdinalIgnoreCase))))
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"A {message} body's 'schemas' must include '{urn}'.");
        }
    }
}
