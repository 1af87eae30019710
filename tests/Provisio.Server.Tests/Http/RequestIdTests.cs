using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Audit;
using Provisio.Storage.Events;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Http;

/// <summary>
/// Issue #11: the IdP's request id is read from the tenant's list of headers (by default client-request-id,
/// X-Request-Id, X-Okta-Request-Id, traceparent; the first in the list that is present wins), cleaned, and recorded
/// on the write's events and its audit row.
/// </summary>
public sealed class RequestIdTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    public static TheoryData<string[], string?> DefaultHeaders => new()
    {
        // header, value, header, value…; the request id expected
        { ["X-Request-Id", "generic-1", "client-request-id", "entra-1"], "entra-1" },
        { ["client-request-id", "entra-2", "X-Request-Id", "generic-2"], "entra-2" },
        { ["traceparent", TraceParent, "X-Okta-Request-Id", "okta-3"], "okta-3" },
        { ["X-Request-Id", "generic-4", "X-Okta-Request-Id", "okta-4"], "generic-4" },
        { ["traceparent", TraceParent], TraceParent },
        { ["X-Correlation-Id", "not-listed"], null },
        { [], null },
    };

    [Theory]
    [MemberData(nameof(DefaultHeaders))]
    public async Task By_default_the_first_listed_header_present_is_recorded_on_the_event_and_the_audit_row(string[] headers, string? expected)
    {
        var scim = await factory.CreateTenantAsync();

        var id = await CreateUserAsync(scim, headers);

        Assert.Equal(expected, await EventRequestIdAsync(scim, id));
        Assert.Equal(expected, await AuditRequestIdAsync(scim, id));
    }

    [Fact]
    public async Task A_tenant_with_its_own_header_list_reads_only_those_in_its_order()
    {
        var scim = await factory.CreateTenantAsync();
        await factory.Services.GetRequiredService<ITenantSettingsStore>().SetAsync(scim.TenantId!,
            TenantSettings.Default with { RequestIdHeaders = ["X-Correlation-Id", "X-Request-Id"] }, CancellationToken.None);

        var both = await CreateUserAsync(scim, ["client-request-id", "entra-5", "X-Request-Id", "generic-5", "X-Correlation-Id", "corr-5"]);
        var fallback = await CreateUserAsync(scim, ["client-request-id", "entra-6", "X-Request-Id", "generic-6"]);
        var none = await CreateUserAsync(scim, ["client-request-id", "entra-7"]);

        Assert.Equal("corr-5", await EventRequestIdAsync(scim, both));
        Assert.Equal("generic-6", await EventRequestIdAsync(scim, fallback));
        Assert.Equal("generic-6", await AuditRequestIdAsync(scim, fallback));
        Assert.Null(await EventRequestIdAsync(scim, none));
        Assert.Null(await AuditRequestIdAsync(scim, none));
    }

    [Fact]
    public async Task An_over_long_request_id_is_cut()
    {
        var scim = await factory.CreateTenantAsync();

        var id = await CreateUserAsync(scim, ["X-Request-Id", new string('a', 500) + "-tail"]);

        Assert.Equal(new string('a', 200), await EventRequestIdAsync(scim, id));
        Assert.Equal(new string('a', 200), await AuditRequestIdAsync(scim, id));
    }

    [Theory]
    [InlineData("req\u0001-\t8\u007f", "req-8")]
    [InlineData("r\u00e9q-9", "rq-9")]
    [InlineData("\u0001\u0002", null)]
    public async Task Control_and_non_ascii_characters_are_removed_from_the_request_id(string sent, string? recorded)
    {
        var scim = await factory.CreateTenantAsync();

        var id = await CreateUserAsync(scim, ["client-request-id", sent]);

        Assert.Equal(recorded, await EventRequestIdAsync(scim, id));
        Assert.Equal(recorded, await AuditRequestIdAsync(scim, id));
    }

    /// <summary>POSTs a user with the given headers (name, value, name, value…) and returns its id.</summary>
    private static async Task<string> CreateUserAsync(ScimClient scim, string[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, scim.BasePath + "/Users");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scim.Token);
        for (var i = 0; i < headers.Length; i += 2)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(headers[i], headers[i + 1]));
        }
        request.Content = new StringContent(ScimClient.NewUser(Guid.NewGuid().ToString("N") + "@example.com").ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/scim+json");
        using var response = await scim.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return (string)System.Text.Json.Nodes.JsonNode.Parse(body)!["id"]!;
    }

    private async Task<string?> EventRequestIdAsync(ScimClient scim, string id)
    {
        var page = await factory.Services.GetRequiredService<IEventStore>()
            .ReadAsync(scim.TenantId!, 0, 1000, [EventTypes.UserCreated], CancellationToken.None);
        return page.Events.Single(e => e.ResourceId == id).RequestId;
    }

    private async Task<string?> AuditRequestIdAsync(ScimClient scim, string id)
    {
        var (entries, _) = await factory.Services.GetRequiredService<IAuditLog>()
            .QueryAsync(scim.TenantId!, new AuditQuery { ResourceId = id }, CancellationToken.None);
        return Assert.Single(entries).RequestId;
    }
}
