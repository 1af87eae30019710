using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisio.Bench;

/// <summary>
/// The requests an IdP sends, over one <see cref="HttpClient"/>: the same code measures Provisio and the baselines, so
/// the client's own cost (serialising, parsing the answer) is the same on both sides of a ratio.
/// </summary>
internal sealed class ScimClient(HttpClient http) : IDisposable
{
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    /// <summary>A client for the SCIM base URL (ending in '/'), with one connection per concurrent worker.</summary>
    public static ScimClient Create(string baseUrl, string token)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ScimClient(client);
    }

    public HttpClient Http => http;

    /// <summary><c>GET /Users?filter=userName eq "…"</c>; the number of users found.</summary>
    public async Task<int> FindUserAsync(string userName, CancellationToken cancellationToken)
    {
        var filter = Uri.EscapeDataString($"userName eq \"{userName}\"");
        var answer = await GetJsonAsync($"Users?filter={filter}", cancellationToken);
        return (int)answer["totalResults"]!;
    }

    /// <summary><c>POST /Users</c>; the new user's id.</summary>
    public async Task<string> CreateUserAsync(string body, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Post, "Users", body, cancellationToken);
        return (string)JsonNode.Parse(answer)!["id"]!;
    }

    public async Task<JsonNode> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return JsonNode.Parse(await ReadSuccessAsync(response, HttpMethod.Get, path, cancellationToken))!;
    }

    public Task<string> SendAsync(HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(method, path, body.ToJsonString(), cancellationToken);

    public async Task<string> SendAsync(HttpMethod method, string path, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/scim+json"),
        };
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadSuccessAsync(response, method, path, cancellationToken);
    }

    /// <summary>GETs <paramref name="path"/> and reads the body as it streams in, without keeping it; its size in bytes.</summary>
    public async Task<long> DrainAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[81920];
        long total = 0;
        for (int read; (read = await body.ReadAsync(buffer, cancellationToken)) > 0;)
        {
            total += read;
        }
        return total;
    }

    public void Dispose() => http.Dispose();

    private static async Task<string> ReadSuccessAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }
        return text;
    }
}
