using System.Net.Http.Headers;
using System.Text;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Admin;

/// <summary>SCIM writes that carry an <c>X-Request-Id</c>, so their events and audit rows can be told apart.</summary>
internal static class ScimWrites
{
    public static async Task<ScimResponse> SendWithRequestIdAsync(this ScimClient scim, HttpMethod method, string path, string? body, string requestId)
    {
        using var request = new HttpRequestMessage(method, scim.BasePath + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scim.Token);
        request.Headers.Add("X-Request-Id", requestId);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/scim+json");
        }
        using var response = await scim.Http.SendAsync(request);
        return new ScimResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers);
    }

    public static Task<ScimResponse> PostWithRequestIdAsync(this ScimClient scim, string path, System.Text.Json.Nodes.JsonNode body, string requestId) =>
        scim.SendWithRequestIdAsync(HttpMethod.Post, path, body.ToJsonString(), requestId);

    public static Task<ScimResponse> PatchWithRequestIdAsync(this ScimClient scim, string path, string operations, string requestId) =>
        scim.SendWithRequestIdAsync(HttpMethod.Patch, path,
            $$"""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": {{operations}} }""", requestId);

    public static Task<ScimResponse> DeleteWithRequestIdAsync(this ScimClient scim, string path, string requestId) =>
        scim.SendWithRequestIdAsync(HttpMethod.Delete, path, null, requestId);
}
