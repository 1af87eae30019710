using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Patching;

/// <summary>PATCH bodies, and requests with conditional headers (<c>If-Match</c>, <c>If-None-Match</c>), for these tests.</summary>
internal static class PatchRequests
{
    public const string PatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    public static readonly HttpMethod Patch = new("PATCH");

    /// <summary>A PatchOp body around the given Operations array (JSON text).</summary>
    public static string Body(string operations) => $$"""{ "schemas": ["{{PatchOpSchema}}"], "Operations": {{operations}} }""";

    /// <summary>PATCH with the given Operations array (JSON text).</summary>
    public static Task<ScimResponse> PatchAsync(this ScimClient scim, string path, string operations) =>
        scim.SendAsync(Patch, path, Body(operations));

    /// <summary>Sends a request with one extra header, as <see cref="ScimClient.SendAsync"/> does otherwise.</summary>
    public static async Task<ScimResponse> SendWithHeaderAsync(this ScimClient scim, HttpMethod method, string path, string? body, string header, string value)
    {
        using var request = new HttpRequestMessage(method, scim.BasePath + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scim.Token);
        request.Headers.TryAddWithoutValidation(header, value);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/scim+json");
        }
        using var response = await scim.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ScimResponse(response.StatusCode, text, response.Headers, response.Content.Headers);
    }

    /// <summary>The resource's <c>meta.version</c>, checked to be the response's ETag.</summary>
    public static string Version(this ScimResponse response)
    {
        var version = (string)response.Json["meta"]!["version"]!;
        Assert.Equal(version, response.Headers.ETag?.ToString());
        return version;
    }

    /// <summary>The current version of a resource, read with GET.</summary>
    public static async Task<string> VersionOfAsync(this ScimClient scim, string path)
    {
        var read = await scim.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, read.Status);
        return read.Version();
    }

    /// <summary>The ids in a group's (or a user's) <c>members</c> / <c>groups</c>, sorted; empty when absent.</summary>
    public static List<string> Ids(this JsonObject resource, string attribute) =>
        (resource[attribute] as JsonArray ?? []).Select(m => (string)m!["value"]!).Order(StringComparer.Ordinal).ToList();
}
