using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Admin;

/// <summary>The admin API describes itself in OpenAPI and answers its errors in problem details, not in SCIM shape.</summary>
public sealed class AdminApiShapeTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task The_openapi_document_lists_the_api_routes_and_not_scim()
    {
        var response = await new AdminClient(factory.CreateClient(), key: null).GetAsync("/api/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var paths = response.Json["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/tenants/{tenant}/events", paths);
        Assert.Contains("/api/tenants/{tenant}/audit", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/scim", StringComparison.Ordinal));
        var events = response.Json["paths"]!["/api/tenants/{tenant}/events"]!["get"]!;
        Assert.Equal(
            ["after", "limit", "tenant", "types"],
            events["parameters"]!.AsArray().Select(p => (string)p!["name"]!).Order(StringComparer.Ordinal));
        Assert.Equal("bearer", (string)response.Json["components"]!["securitySchemes"]!["adminKey"]!["scheme"]!);
        Assert.NotNull(events["responses"]!["401"]);
    }

    [Theory]
    [InlineData("/api/nothing")]
    [InlineData("/api/tenants/x/nothing")]
    public async Task An_unknown_api_route_is_a_404_problem(string path)
    {
        var admin = await AdminClient.CreateAsync(factory);

        (await admin.GetAsync(path)).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_on_the_api_is_a_405_problem()
    {
        var admin = await AdminClient.CreateAsync(factory);
        var scim = await factory.CreateTenantAsync();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/tenants/{scim.TenantId}/events");
        request.Headers.Authorization = new("Bearer", admin.Key);

        using var response = await admin.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]);
    }

    [Fact]
    public async Task Errors_outside_the_api_keep_the_scim_shape()
    {
        (await factory.Anonymous("").GetAsync("/apix")).AssertError(HttpStatusCode.NotFound);
        (await factory.Anonymous("").GetAsync("/scim/v2/Nothing")).AssertError(HttpStatusCode.NotFound);
    }
}
