using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// What every response must be, whatever the request: no 5xx; no 3xx but 304; a body, when there is one, valid JSON;
/// a 4xx in the RFC 7644 §3.12 error shape with a known <c>scimType</c>; a 2xx resource with <c>schemas</c>, <c>id</c>
/// and (unless projected away) <c>meta</c>; a 2xx list a ListResponse of such resources. A resource never shows a
/// password, plain or URN-qualified, nor any name qualified by its own core schema URN (those are read as plain names);
/// no response echoes a password the generator sent; a body that names one attribute in two cases is a 400.
/// </summary>
internal static class ResponseChecker
{
    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string ListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    /// <summary>RFC 7644 §3.12 plus RFC 9865's cursor errors, as Provisio.Scim.Errors.ScimErrorType defines them.</summary>
    public static readonly IReadOnlySet<string> ScimTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "invalidFilter", "tooMany", "uniqueness", "mutability", "invalidSyntax", "invalidPath", "noTarget", "invalidValue",
        "invalidVers", "sensitive", "invalidCursor", "expiredCursor",
    };

    private const string CoreSchemaPrefix = "urn:ietf:params:scim:schemas:core:";

    /// <summary>The problems with one response (empty when it is fine), and its body parsed when it is JSON.</summary>
    public static (List<string> Problems, JsonNode? Body) Check(FuzzRequest request, HttpStatusCode status, string body, string? contentType)
    {
        var problems = new List<string>();
        var code = (int)status;
        if (body.Contains(RequestGenerator.Secret, StringComparison.Ordinal))
        {
            problems.Add("the response shows a password sent by a URN-qualified name");
        }
        // 405 (a method the route does not take, e.g. PATCH /Users/) and 429 are decided before any body is read.
        if (request.Kind == RequestGenerator.CaseDuplicateKind && request.Caller == FuzzCaller.Tenant && code is not (400 or 405 or 413 or 429))
        {
            problems.Add($"a body naming one attribute in two cases got {code}, not 400");
        }
        if (code >= 500)
        {
            problems.Add($"server error {code}");
        }
        else if (code is < 200 or (>= 300 and < 400) && status != HttpStatusCode.NotModified)
        {
            problems.Add($"unexpected status {code}");
        }

        JsonNode? json = null;
        if (body.Length > 0)
        {
            try
            {
                json = JsonNode.Parse(body);
            }
            catch (JsonException exception)
            {
                problems.Add($"body is not JSON ({exception.Message})");
                return (problems, null);
            }
            if (contentType is not "application/scim+json" && request.Method != HttpMethod.Head)
            {
                problems.Add($"JSON body with Content-Type '{contentType}'");
            }
        }

        if (code is >= 400 and < 600)
        {
            CheckError(json, code, problems);
        }
        else if (request.Path == "/Bulk" && code == 200)
        {
            CheckBulk(request, json, body.Length, problems);
        }
        else if (code is >= 200 and < 300 && code != 204 && request.Method != HttpMethod.Head)
        {
            CheckSuccess(request, json, problems);
        }
        return (problems, json);
    }

    private static void CheckError(JsonNode? json, int code, List<string> problems)
    {
        if (json is not JsonObject error)
        {
            problems.Add("error without a JSON object body");
            return;
        }
        if (error["schemas"] is not JsonArray schemas || !schemas.Any(s => s is JsonValue v && v.TryGetValue<string>(out var urn) && urn == ErrorSchema))
        {
            problems.Add("error body: schemas lacks " + ErrorSchema);
        }
        if (error["status"] is not JsonValue statusValue || !statusValue.TryGetValue<string>(out var statusText) || statusText != code.ToString(CultureInfo.InvariantCulture))
        {
            problems.Add($"error body: status is {error["status"]?.ToJsonString() ?? "missing"}, not \"{code}\"");
        }
        if (error["scimType"] is { } scimType && (scimType is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type) || !ScimTypes.Contains(type)))
        {
            problems.Add($"error body: unknown scimType {scimType.ToJsonString()}");
        }
    }

    /// <summary>
    /// A BulkResponse with a string status per operation, whose size follows the request's: each operation echoes its
    /// bulkId and at most a bounded error detail, so a ring of references cannot make the answer grow quadratically.
    /// </summary>
    private static void CheckBulk(FuzzRequest request, JsonNode? json, int length, List<string> problems)
    {
        if (json?["Operations"] is not JsonArray operations)
        {
            problems.Add("bulk: response without Operations");
            return;
        }
        if (operations.Any(o => o?["status"]?.GetValueKind() != JsonValueKind.String))
        {
            problems.Add("bulk: an operation without a string status");
        }
        var bound = 2 * (request.Body?.Length ?? 0) + operations.Count * 2_048;
        if (length > bound)
        {
            problems.Add($"bulk: response of {length} characters for a request of {request.Body?.Length} bytes");
        }
    }

    private static void CheckSuccess(FuzzRequest request, JsonNode? json, List<string> problems)
    {
        if (json is not JsonObject body)
        {
            problems.Add("2xx without a JSON object body");
            return;
        }
        // ASP.NET Core routing treats "/Users/" as "/Users"; the client sends the path as System.Uri has it, with dot
        // segments removed ("/Users/." is "/Users/").
        var sent = request.Path.Split('?', 2)[0];
        var path = (Uri.TryCreate("http://fuzz" + sent, UriKind.Absolute, out var uri) ? uri.AbsolutePath : sent).TrimEnd('/');
        var projected = request.Path.Contains("attributes=", StringComparison.OrdinalIgnoreCase) || path.EndsWith("/.search", StringComparison.Ordinal);
        var isList = (request.Method == HttpMethod.Get && path is "/Users" or "/Groups") || path.EndsWith("/.search", StringComparison.Ordinal);
        if (!isList)
        {
            // Discovery documents (/Schemas, /ServiceProviderConfig ...) are not resources of this tenant.
            if (path.StartsWith("/Users", StringComparison.Ordinal) || path.StartsWith("/Groups", StringComparison.Ordinal))
            {
                CheckResource(body, projected, "resource", problems);
            }
            return;
        }
        if (body["schemas"] is not JsonArray schemas || !schemas.Any(s => s?.GetValueKind() == JsonValueKind.String && (string)s! == ListSchema))
        {
            problems.Add("list: schemas lacks " + ListSchema);
        }
        if (body["totalResults"]?.GetValueKind() != JsonValueKind.Number)
        {
            problems.Add("list: totalResults is not a number");
        }
        if (body["Resources"] is JsonArray resources)
        {
            foreach (var resource in resources)
            {
                CheckResource(resource as JsonObject, projected, "list item", problems);
            }
        }
        else if (body["Resources"] is not null)
        {
            problems.Add("list: Resources is not an array");
        }
    }

    private static void CheckResource(JsonObject? resource, bool projected, string what, List<string> problems)
    {
        if (resource is null)
        {
            problems.Add($"{what} is not an object");
            return;
        }
        if (resource["schemas"] is not JsonArray { Count: > 0 })
        {
            problems.Add($"{what} without schemas");
        }
        if (resource["id"] is not JsonValue id || id.GetValueKind() != JsonValueKind.String)
        {
            problems.Add($"{what} without a string id");
        }
        if (!projected && resource["meta"] is not JsonObject)
        {
            problems.Add($"{what} without meta");
        }
        var core = (resource["schemas"] as JsonArray)?.FirstOrDefault() is JsonValue first && first.TryGetValue<string>(out var urn)
            && urn.StartsWith(CoreSchemaPrefix, StringComparison.OrdinalIgnoreCase) ? urn : null;
        foreach (var (name, _) in resource)
        {
            if (name.Equals("password", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{what} shows a password");
            }
            else if (core is not null && name.StartsWith(core + ":", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{what} has '{name}', a name qualified by its core schema URN, not read as the plain name");
            }
        }
    }
}
