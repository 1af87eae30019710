using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Operations;

/// <summary>
/// The SCIM request line: who (tenant, token name), which IdP request, what and how it ended, and never a secret —
/// not the token, not a password, not an attribute the tenant marked sensitive.
/// </summary>
public sealed class ScimRequestLogTests : IDisposable
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private readonly CapturedLogs logs = new();
    private readonly ProvisioFactory factory;

    public ScimRequestLogTests() =>
        factory = new ProvisioFactory { Logs = logs, Settings = { ["Logging:LogLevel:Provisio.Requests"] = "Information" } };

    [Fact]
    public async Task A_scim_request_is_logged_once_with_tenant_token_name_and_idp_request_id()
    {
        var scim = await factory.CreateTenantAsync();

        using var response = await SendAsync(scim, HttpMethod.Get, "/Users", null, "okta-req-42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(logs.Lines, l => l.Category == "Provisio.Requests" && l.Message.Contains($"/scim/v2/{scim.TenantId}/Users ", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Matches($@"^GET /scim/v2/{scim.TenantId}/Users answered 200 in [0-9.]+ ms \(tenant {scim.TenantId}, token test, request id okta-req-42\)$", line.Message);
    }

    [Fact]
    public async Task A_create_with_a_password_and_a_sensitive_attribute_logs_neither_nor_the_token()
    {
        var scim = await factory.CreateTenantAsync();
        await factory.Services.GetRequiredService<ITenantSettingsStore>()
            .SetAsync(scim.TenantId!, TenantSettings.Default with { SensitiveAttributes = [$"{Enterprise}:employeeNumber"] }, CancellationToken.None);
        var user = ScimClient.NewUser("logged.person@example.com");
        user["password"] = "Hunter2-Secret-Password!";
        user["schemas"]!.AsArray().Add(Enterprise);
        user[Enterprise] = new JsonObject { ["employeeNumber"] = "EMP-SENSITIVE-771" };

        using var created = await SendAsync(scim, HttpMethod.Post, "/Users", user, "create-1");
        using var duplicate = await SendAsync(scim, HttpMethod.Post, "/Users", user, "create-2");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Information && l.Message.StartsWith($"POST /scim/v2/{scim.TenantId}/Users answered 201", StringComparison.Ordinal));
        var everything = string.Join('\n', logs.Lines.Select(l => l.Message));
        Assert.DoesNotContain(scim.Token!, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(scim.Token![..^8], everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Hunter2-Secret-Password!", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("EMP-SENSITIVE-771", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("logged.person", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_write_is_a_warning_with_its_scim_type_but_not_the_refused_values()
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("taken.name@example.com");

        using var duplicate = await SendAsync(scim, HttpMethod.Post, "/Users", ScimClient.NewUser("taken.name@example.com"), "dup-7");

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var warning = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning && l.Category == "Provisio.Requests");
        Assert.Matches($@"^POST /scim/v2/{scim.TenantId}/Users refused with 409 \(uniqueness\) in [0-9.]+ ms \(tenant {scim.TenantId}, token test, request id dup-7\)$", warning.Message);
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("taken.name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_write_is_logged_even_when_request_lines_are_held_at_warning()
    {
        using var quietLogs = new CapturedLogs();
        using var quiet = new ProvisioFactory { Logs = quietLogs };
        var scim = await quiet.CreateTenantAsync();

        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
        (await scim.SendAsync(HttpMethod.Patch, "/Users/no-such-user", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}""")).AssertError(HttpStatusCode.NotFound);

        var line = Assert.Single(quietLogs.Lines, l => l.Category == "Provisio.Requests");
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.StartsWith($"PATCH /scim/v2/{scim.TenantId}/Users/no-such-user refused with 404", line.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        factory.Dispose();
        logs.Dispose();
    }

    private static async Task<HttpResponseMessage> SendAsync(ScimClient scim, HttpMethod method, string path, JsonNode? body, string requestId)
    {
        using var request = new HttpRequestMessage(method, scim.BasePath + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scim.Token);
        request.Headers.Add("X-Okta-Request-Id", requestId);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/scim+json");
        }
        return await scim.Http.SendAsync(request);
    }
}
