using System.Text.Json.Nodes;

namespace Provisio.Scim.Errors;

/// <summary>Builds the RFC 7644 §3.12 error body.</summary>
public static class ScimError
{
    public const string Schema = "urn:ietf:params:scim:api:messages:2.0:Error";

    public static JsonObject ToJson(int status, string? scimType, string? detail)
    {
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray(Schema),
            // RFC 7644 §3.12: status is a string, and IdPs compare it as one.
            ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (scimType is not null)
        {
            body["scimType"] = scimType;
        }
        if (!string.IsNullOrEmpty(detail))
        {
            body["detail"] = ErrorText.Detail(detail);
        }
        return body;
    }
}
