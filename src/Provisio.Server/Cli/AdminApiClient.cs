using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Server.Admin;
using Provisio.Storage.Activity;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary>
/// The tenant and token verbs on a remote server, through its admin API with an admin key. The key goes in the
/// Authorization header only, never into a message; a refusal is reported with the problem's detail.
/// </summary>
internal sealed class AdminApiClient : ITenantAdmin
{
    private const int PageSize = 1000;

    private readonly HttpClient http;
    private readonly Uri server;

    public AdminApiClient(Uri server, string adminKey, HttpMessageHandler? handler = null)
    {
        this.server = server;
        http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null)
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(100),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public string ScimBase => new Uri(server, "scim/v2").AbsoluteUri;

    public async Task<Tenant> CreateTenantAsync(string id, string? name, CancellationToken cancellationToken) =>
        ReadTenant(await SendAsync(HttpMethod.Post, "api/tenants", new JsonObject { ["id"] = id, ["name"] = name ?? id }, cancellationToken));

    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        var tenants = new List<Tenant>();
        string? cursor = null;
        do
        {
            var page = await SendAsync(HttpMethod.Get, $"api/tenants?limit={PageSize}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), null, cancellationToken);
            tenants.AddRange(Items(page).Select(ReadTenant));
            cursor = (string?)page["next"];
        }
        while (cursor is not null);
        return tenants;
    }

    public async Task<Tenant> RenameTenantAsync(string id, string name, CancellationToken cancellationToken) =>
        ReadTenant(await SendAsync(HttpMethod.Patch, TenantPath(id), new JsonObject { ["name"] = name }, cancellationToken, "application/merge-patch+json"));

    public async Task DeleteTenantAsync(string id, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Delete, $"{TenantPath(id)}?confirm={Uri.EscapeDataString(id)}", null, cancellationToken);

    public async Task<IssuedToken> CreateTokenAsync(string tenant, string name, int? expiresInDays, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["name"] = name, ["expiresInDays"] = expiresInDays };
        return ReadIssued(tenant, await SendAsync(HttpMethod.Post, $"{TenantPath(tenant)}/tokens", body, cancellationToken));
    }

    public async Task<IReadOnlyList<TokenSummary>> ListTokensAsync(string? tenant, CancellationToken cancellationToken)
    {
        var tenants = tenant is null ? [.. (await ListTenantsAsync(cancellationToken)).Select(t => t.Id)] : new List<string> { tenant };
        var tokens = new List<TokenSummary>();
        foreach (var id in tenants)
        {
            tokens.AddRange(Items(await SendAsync(HttpMethod.Get, $"{TenantPath(id)}/tokens", null, cancellationToken)).Select(t => ReadToken(id, t)));
        }
        return tokens;
    }

    public async Task RevokeTokenAsync(string? tenant, string id, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Delete, $"{TenantPath(RequireTenant(tenant))}/tokens/{Uri.EscapeDataString(id)}", null, cancellationToken);

    public async Task<RotatedToken> RotateTokenAsync(string? tenant, string id, int? overlapDays, int? expiresInDays, CancellationToken cancellationToken)
    {
        var path = $"{TenantPath(RequireTenant(tenant))}/tokens";
        var body = new JsonObject { ["overlapDays"] = overlapDays, ["expiresInDays"] = expiresInDays };
        var successor = ReadIssued(tenant!, await SendAsync(HttpMethod.Post, $"{path}/{Uri.EscapeDataString(id)}/rotate", body, cancellationToken));
        // The answer is the successor; when the predecessor stops is in the list.
        var predecessor = Items(await SendAsync(HttpMethod.Get, path, null, cancellationToken)).Select(t => ReadToken(tenant!, t)).FirstOrDefault(t => t.Id == id);
        return new RotatedToken(successor, predecessor?.Expires);
    }

    public async Task<TenantSettings> GetSettingsAsync(string tenant, CancellationToken cancellationToken) =>
        TenantSettingsJson.Read((await SendAsync(HttpMethod.Get, $"{TenantPath(tenant)}/settings", null, cancellationToken)).ToJsonString());

    /// <summary>A merge patch of every setting: the server checks them all, as it does any change.</summary>
    public async Task SaveSettingsAsync(string tenant, TenantSettings settings, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Patch, $"{TenantPath(tenant)}/settings", TenantSettingsPatch.ToJson(settings), cancellationToken, "application/merge-patch+json");

    public async Task<(TenantStatus Status, bool Stale)> GetStatusAsync(string tenant, CancellationToken cancellationToken) =>
        TenantStatusJson.Read(await SendAsync(HttpMethod.Get, $"{TenantPath(tenant)}/status", null, cancellationToken));

    public ValueTask DisposeAsync()
    {
        http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string TenantPath(string tenant) => "api/tenants/" + Uri.EscapeDataString(tenant);

    private static string RequireTenant(string? tenant) =>
        tenant ?? throw new AdminCommandException("--tenant is required with --server: the admin API finds a token under its tenant.");

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, mediaType);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new AdminCommandException($"Could not reach {server.GetLeftPart(UriPartial.Authority)}: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AdminCommandException($"{server.GetLeftPart(UriPartial.Authority)} did not answer within {http.Timeout.TotalSeconds:0} s.");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new AdminCommandException(Refusal(response.StatusCode, text));
            }
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return [];
            }
            try
            {
                return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException)
            {
                throw new AdminCommandException($"{server.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode} with something other than the admin API's JSON; is --server a Provisio server?");
            }
        }
    }

    /// <summary>What the server said: the problem's detail, which names what to fix.</summary>
    private static string Refusal(HttpStatusCode status, string body)
    {
        string? detail = null;
        try
        {
            detail = JsonNode.Parse(body)?["detail"]?.GetValue<string>();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            // Not a problem-details body (a proxy's error page): the status says enough.
        }
        return $"The server refused ({(int)status}): {detail ?? status.ToString()}";
    }

    private static IEnumerable<JsonObject> Items(JsonObject page) => page["items"]?.AsArray().OfType<JsonObject>() ?? [];

    private static Tenant ReadTenant(JsonObject tenant) =>
        new((string)tenant["id"]!, (string)tenant["name"]!, Time(tenant["created"]) ?? DateTimeOffset.MinValue);

    private static TokenSummary ReadToken(string tenant, JsonObject token) => new(
        (string)token["id"]!, tenant, (string)token["name"]!, Time(token["created"]) ?? DateTimeOffset.MinValue,
        Time(token["expires"]), Time(token["lastUsed"]), Time(token["revoked"]));

    private static IssuedToken ReadIssued(string tenant, JsonObject token) => new(ReadToken(tenant, token), (string)token["token"]!);

    private static DateTimeOffset? Time(JsonNode? node) =>
        node is null ? null : DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
