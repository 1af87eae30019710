using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisio.Server.Tests.Support;

/// <summary>An HTTP client bound to one tenant's SCIM base path and token.</summary>
public sealed class ScimClient(HttpClient http, string basePath, string? token, string? tenantId, string? tokenId)
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string ListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    public HttpClient Http { get; } = http;

    public string BasePath { get; } = basePath;

    public string? Token { get; } = token;

    public string? TenantId { get; } = tenantId;

    public string? TokenId { get; } = tokenId;

    /// <summary>The same tenant's token, used against another base path (e.g. /scim/v2 or another tenant's URL).</summary>
    public ScimClient At(string otherBasePath) => new(Http, otherBasePath, Token, TenantId, TokenId);

    public ScimClient WithToken(string? otherToken) => new(Http, BasePath, otherToken, TenantId, TokenId);

    public Task<ScimResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ScimResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<ScimResponse> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body.ToJsonString());

    public Task<ScimResponse> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body.ToJsonString());

    public async Task<ScimResponse> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/scim+json")
    {
        using var request = new HttpRequestMessage(method, BasePath + path);
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ScimResponse(response.StatusCode, text, response.Headers, response.Content.Headers);
    }

    /// <summary>Creates a user and returns its JSON; fails the test unless the server answers 201.</summary>
    public async Task<JsonObject> CreateUserAsync(string userName, Action<JsonObject>? customize = null)
    {
        var body = NewUser(userName);
        customize?.Invoke(body);
        var response = await PostAsync("/Users", body);
        Assert.Equal(HttpStatusCode.Created, response.Status);
        return response.Json;
    }

    public async Task<JsonObject> CreateGroupAsync(string displayName, params string[] memberIds)
    {
        var response = await PostAsync("/Groups", NewGroup(displayName, memberIds));
        Assert.Equal(HttpStatusCode.Created, response.Status);
        return response.Json;
    }

    public static JsonObject NewUser(string userName) => new()
    {
        ["schemas"] = new JsonArray(UserSchema),
        ["userName"] = userName,
        ["name"] = new JsonObject { ["givenName"] = "Given", ["familyName"] = "Family" },
        ["emails"] = new JsonArray(new JsonObject { ["value"] = userName, ["type"] = "work", ["primary"] = true }),
        ["active"] = true,
    };

    public static JsonObject NewGroup(string displayName, params string[] memberIds) => new()
    {
        ["schemas"] = new JsonArray(GroupSchema),
        ["displayName"] = displayName,
        ["members"] = new JsonArray([.. memberIds.Select(id => (JsonNode)new JsonObject { ["value"] = id })]),
    };
}

/// <summary>A SCIM response with its body parsed on demand.</summary>
public sealed record ScimResponse(HttpStatusCode Status, string Body, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string? ContentType => ContentHeaders.ContentType?.MediaType;

    /// <summary>The ids in a ListResponse's Resources.</summary>
    public List<string> Ids => Json["Resources"]!.AsArray().Select(r => (string)r!["id"]!).ToList();

    /// <summary>Asserts the RFC 7644 §3.12 error shape and returns the scimType (or null).</summary>
    public string? AssertError(HttpStatusCode status)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/scim+json", ContentType);
        var body = Json;
        Assert.Contains(ScimClient.ErrorSchema, body["schemas"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), (string)body["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["detail"]));
        return (string?)body["scimType"];
    }
}
