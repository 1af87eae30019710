using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisio.Samples.Tests.Support;

/// <summary>Sends the requests Okta sends (Fixtures/Okta, from Okta's SCIM 2.0 reference) to a SCIM base URL.</summary>
public sealed class OktaScim(Uri baseUrl, string token) : IDisposable
{
    private readonly HttpClient http = new();

    /// <summary>Okta's "create user" body with another userName; returns the SCIM id (fails the test unless 201).</summary>
    public async Task<string> CreateUserAsync(string userName)
    {
        var body = Fixture("Users.create.json").AsObject();
        body["userName"] = userName;
        body["emails"]![0]!["value"] = userName;
        body["externalId"] = Guid.NewGuid().ToString("N");
        var (status, created) = await SendAsync(HttpMethod.Post, "Users", body);
        Assert.Equal(HttpStatusCode.Created, status);
        return (string)created!["id"]!;
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> DeactivateAsync(string id) =>
        SendAsync(HttpMethod.Patch, $"Users/{id}", Fixture("Patch.deactivate-user.json"));

    public Task<(HttpStatusCode Status, JsonNode? Body)> ReactivateAsync(string id) =>
        SendAsync(HttpMethod.Patch, $"Users/{id}", Fixture("Patch.reactivate-user.json"));

    public Task<(HttpStatusCode Status, JsonNode? Body)> DeleteAsync(string id) => SendAsync(HttpMethod.Delete, $"Users/{id}", null);

    public void Dispose() => http.Dispose();

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/scim+json");
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    private static JsonNode Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Okta", name)))!;
}
