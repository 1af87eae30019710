using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Webhooks;

/// <summary>Calls of the webhook routes of the admin API that the tests repeat.</summary>
internal static class WebhookApi
{
    public const string PublicUrl = "https://93.184.215.14/provisio";

    public static string Path(string tenant, string? id = null, string? rest = null) =>
        $"/api/tenants/{tenant}/webhooks" + (id is null ? "" : "/" + id) + (rest is null ? "" : "/" + rest);

    /// <summary>Adds an endpoint and returns the 201's body (with the secret).</summary>
    public static async Task<JsonObject> AddAsync(this AdminClient admin, string tenant, string url = PublicUrl, string? extra = null)
    {
        var response = await admin.PostAsync(Path(tenant), $$"""{"url": {{JsonValue.Create(url).ToJsonString()}}{{extra}}}""");
        Assert.True(response.Status == HttpStatusCode.Created, response.Body);
        return response.Json;
    }
}
