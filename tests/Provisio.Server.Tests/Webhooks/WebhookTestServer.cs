using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Webhooks;

/// <summary>
/// A provisio server whose webhooks may reach loopback receivers and retry within a test's patience, with an admin
/// key to manage them through the admin API.
/// </summary>
public sealed class WebhookTestServer : ProvisioFactory
{
    private AdminClient? admin;

    public WebhookTestServer(bool allowPrivateNetworks = true, int maxAttempts = 8)
    {
        Settings["Provisio:Webhooks:AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false";
        Settings["Provisio:Webhooks:RetryBaseDelay"] = "00:00:00.100";
        Settings["Provisio:Webhooks:RetryFactor"] = "2";
        Settings["Provisio:Webhooks:RetryMaxDelay"] = "00:00:00.500";
        Settings["Provisio:Webhooks:PollInterval"] = "00:00:00.100";
        Settings["Provisio:Webhooks:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<AdminClient> AdminAsync() => admin ??= await AdminClient.CreateAsync(this);

    /// <summary>Adds an endpoint through the admin API and returns its id and secret.</summary>
    public async Task<(string Id, string Secret)> AddEndpointAsync(string tenantId, Uri url, params string[] eventTypes)
    {
        var body = new JsonObject { ["url"] = url.ToString() };
        if (eventTypes.Length > 0)
        {
            body["events"] = new JsonArray([.. eventTypes.Select(t => JsonValue.Create(t))]);
        }
        var created = await SendAsync(HttpMethod.Post, $"/api/tenants/{tenantId}/webhooks", body);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return ((string)created.Json["id"]!, (string)created.Json["secret"]!);
    }

    public async Task<AdminResponse> SendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        var client = await AdminAsync();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Key);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await client.Http.SendAsync(request);
        return new AdminResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, response.Headers);
    }
}
