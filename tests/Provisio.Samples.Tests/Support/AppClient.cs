using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Provisio.Samples.Tests.Support;

/// <summary>A browser's view of SaasApp (cookie session), plus calls with an API key.</summary>
public sealed class AppClient(HttpClient http, CookieContainer cookies) : IDisposable
{
    public HttpClient Http { get; } = http;

    /// <summary>The cookies the app set, as the browser holds them (copy them to replay a session elsewhere).</summary>
    public CookieContainer Cookies { get; } = cookies;

    /// <summary>Posts the dev sign-in form; 302 to /me on success.</summary>
    public async Task<HttpStatusCode> SignInAsync(string userName)
    {
        using var response = await Http.PostAsync("/signin", new FormUrlEncodedContent([new("userName", userName)]));
        return response.StatusCode;
    }

    public async Task<HttpStatusCode> SignOutAsync()
    {
        using var response = await Http.PostAsync("/signout", null);
        return response.StatusCode;
    }

    public async Task<(HttpStatusCode Status, JsonObject? Body, Uri? Location)> MeAsync()
    {
        using var response = await Http.GetAsync("/me");
        var body = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        return (response.StatusCode, body, response.Headers.Location);
    }

    /// <summary>Creates an API key with the session cookie; fails the test unless the app answers 201.</summary>
    public async Task<(string Id, string Key)> CreateApiKeyAsync(string name)
    {
        using var response = await Http.PostAsync("/api-keys", new FormUrlEncodedContent([new("name", name)]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return ((string)body["id"]!, (string)body["key"]!);
    }

    /// <summary>GET /api/whoami with the key, without the cookie.</summary>
    public async Task<(HttpStatusCode Status, JsonObject? Body)> WhoAmIAsync(string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Http.BaseAddress!, "/api/whoami"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var keyOnly = new HttpClient();
        using var response = await keyOnly.SendAsync(request);
        var body = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        return (response.StatusCode, body);
    }

    public void Dispose() => Http.Dispose();
}
