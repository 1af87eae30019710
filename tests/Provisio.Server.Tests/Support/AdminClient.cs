using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Admin;

namespace Provisio.Server.Tests.Support;

/// <summary>An HTTP client for the admin API (/api), with an admin key or any other bearer token.</summary>
public sealed class AdminClient(HttpClient http, string? key)
{
    public HttpClient Http { get; } = http;

    public string? Key { get; } = key;

    /// <summary>Creates an admin key on <paramref name="factory"/>'s server and returns a client that sends it.</summary>
    public static async Task<AdminClient> CreateAsync(ProvisioFactory factory, string name = "test")
    {
        var (_, key) = await factory.Services.GetRequiredService<AdminKeyIssuer>().IssueAsync(name, CancellationToken.None);
        return new AdminClient(factory.CreateClient(), key);
    }

    public AdminClient WithKey(string? otherKey) => new(Http, otherKey);

    public Task<AdminResponse> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery, null);

    public Task<AdminResponse> PostAsync(string path, string? json = null) => SendAsync(HttpMethod.Post, path, json);

    public Task<AdminResponse> PatchAsync(string path, string json) => SendAsync(HttpMethod.Patch, path, json, "application/merge-patch+json");

    public Task<AdminResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public async Task<AdminResponse> SendAsync(HttpMethod method, string pathAndQuery, string? json, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (Key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, mediaType);
        }
        using var response = await Http.SendAsync(request);
        return new AdminResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, response.Headers);
    }

    /// <summary>Follows the events feed from <paramref name="after"/> until it has no more, and returns every event read.</summary>
    public async Task<(List<JsonObject> Events, string? Next)> ReadAllEventsAsync(string tenant, int limit = 100, string? after = null, string? types = null)
    {
        var events = new List<JsonObject>();
        while (true)
        {
            var page = await GetAsync(EventsUrl(tenant, after, limit, types));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            events.AddRange(page.Json["events"]!.AsArray().Select(e => e!.AsObject()));
            after = (string?)page.Json["next"];
            if (!(bool)page.Json["hasMore"]!)
            {
                return (events, after);
            }
        }
    }

    public static string EventsUrl(string tenant, string? after, int limit, string? types = null) =>
        $"/api/tenants/{tenant}/events?limit={limit}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}")
        + (types is null ? "" : $"&types={Uri.EscapeDataString(types)}");
}

/// <summary>An admin API response with its body parsed on demand.</summary>
public sealed record AdminResponse(HttpStatusCode Status, string Body, string? ContentType, HttpResponseHeaders Headers)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    /// <summary>Asserts an RFC 9457 problem-details body with a detail, and returns the detail.</summary>
    public string AssertProblem(HttpStatusCode status)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/problem+json", ContentType);
        var body = Json;
        Assert.Equal((int)status, (int)body["status"]!);
        Assert.Null(body["schemas"]);
        var detail = (string?)body["detail"];
        Assert.False(string.IsNullOrEmpty(detail));
        return detail!;
    }
}
