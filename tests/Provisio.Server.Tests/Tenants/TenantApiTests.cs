using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Tenants;

/// <summary><c>/api/tenants</c>: create, list a page at a time, read and rename tenants.</summary>
public sealed class TenantApiTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task A_created_tenant_is_answered_with_201_and_its_location_and_can_be_read_back()
    {
        var admin = await AdminClient.CreateAsync(factory);
        var id = NewId();

        var response = await admin.PostAsync("/api/tenants", $$"""{"id": "{{id}}", "name": "Acme Inc."}""");

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal($"/api/tenants/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(id, (string)response.Json["id"]!);
        Assert.Equal("Acme Inc.", (string)response.Json["name"]!);
        Assert.NotNull((string?)response.Json["created"]);
        var read = await admin.GetAsync($"/api/tenants/{id}");
        Assert.Equal(response.Body, read.Body);
    }

    [Fact]
    public async Task A_tenant_without_a_name_is_named_after_its_id()
    {
        var admin = await AdminClient.CreateAsync(factory);
        var id = NewId();

        var response = await admin.PostAsync("/api/tenants", $$"""{"id": "{{id}}"}""");

        Assert.Equal(id, (string)response.Json["name"]!);
    }

    [Fact]
    public async Task Creating_an_existing_tenant_is_a_409_problem_that_changes_nothing()
    {
        var admin = await AdminClient.CreateAsync(factory);
        var id = NewId();
        await admin.PostAsync("/api/tenants", $$"""{"id": "{{id}}", "name": "First"}""");

        var detail = (await admin.PostAsync("/api/tenants", $$"""{"id": "{{id}}", "name": "Second"}""")).AssertProblem(HttpStatusCode.Conflict);

        Assert.Contains(id, detail, StringComparison.Ordinal);
        Assert.Equal("First", (string)(await admin.GetAsync($"/api/tenants/{id}")).Json["name"]!);
    }

    [Theory]
    [InlineData("""{"id": "Users"}""", "not a valid tenant id")]
    [InlineData("""{"id": "Bad_Name"}""", "not a valid tenant id")]
    [InlineData("""{"id": "me"}""", "not a valid tenant id")]
    [InlineData("""{"id": "acme\n"}""", "control characters")]
    [InlineData("""{"name": "No id"}""", "id is required")]
    [InlineData("""{"id": 42}""", "id must be a string")]
    [InlineData("""{"id": "ok-id", "plan": "gold"}""", "'plan' is not a member")]
    [InlineData("""{"id": "ok-id", "name": ""}""", "name must be")]
    [InlineData("""["acme"]""", "JSON object")]
    [InlineData("""{"id": """, "not valid JSON")]
    public async Task A_bad_tenant_is_a_400_problem_that_says_why_and_creates_nothing(string body, string expected)
    {
        var admin = await AdminClient.CreateAsync(factory);

        var detail = (await admin.PostAsync("/api/tenants", body)).AssertProblem(HttpStatusCode.BadRequest);

        Assert.Contains(expected, detail, StringComparison.Ordinal);
        (await admin.GetAsync("/api/tenants/ok-id")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_pages_in_id_order_without_skipping_or_repeating_a_tenant()
    {
        var admin = await AdminClient.CreateAsync(factory);
        var prefix = "page-" + Guid.NewGuid().ToString("N")[..6];
        foreach (var suffix in new[] { "c", "a", "e", "b", "d" })
        {
            await admin.PostAsync("/api/tenants", $$"""{"id": "{{prefix}}-{{suffix}}"}""");
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await admin.GetAsync("/api/tenants?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var items = page.Json["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
            Assert.InRange(items.Count, 1, 2);
            seen.AddRange(items);
            cursor = (string?)page.Json["next"];
        }
        while (cursor is not null);

        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Distinct(), seen);
        Assert.Equal([.. new[] { "a", "b", "c", "d", "e" }.Select(s => $"{prefix}-{s}")], seen.Where(s => s.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("cursor=NOT%20A%20CURSOR", "cursor")]
    public async Task A_bad_list_parameter_is_a_400_that_names_it(string query, string parameter)
    {
        var admin = await AdminClient.CreateAsync(factory);

        var detail = (await admin.GetAsync("/api/tenants?" + query)).AssertProblem(HttpStatusCode.BadRequest);

        Assert.Contains(parameter, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/json")]
    public async Task A_tenant_is_renamed_by_a_merge_patch_and_keeps_its_id(string mediaType)
    {
        var admin = await AdminClient.CreateAsync(factory);
        var scim = await factory.CreateTenantAsync();

        var response = await admin.SendAsync(HttpMethod.Patch, $"/api/tenants/{scim.TenantId}", """{"name": "Renamed Ltd."}""", mediaType);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Renamed Ltd.", (string)response.Json["name"]!);
        Assert.Equal(scim.TenantId, (string)response.Json["id"]!);
        Assert.Equal("Renamed Ltd.", (string)(await admin.GetAsync($"/api/tenants/{scim.TenantId}")).Json["name"]!);
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
    }

    [Theory]
    [InlineData("""{"name": null}""", "cannot be removed")]
    [InlineData("""{"id": "other"}""", "'id' is not a member")]
    [InlineData("""{"name": 7}""", "name must be a string")]
    public async Task A_bad_rename_is_a_400_and_keeps_the_name(string body, string expected)
    {
        var admin = await AdminClient.CreateAsync(factory);
        var scim = await factory.CreateTenantAsync();

        var detail = (await admin.PatchAsync($"/api/tenants/{scim.TenantId}", body)).AssertProblem(HttpStatusCode.BadRequest);

        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.Equal(scim.TenantId, (string)(await admin.GetAsync($"/api/tenants/{scim.TenantId}")).Json["name"]!);
    }

    [Fact]
    public async Task A_rename_in_another_media_type_is_a_415_problem()
    {
        var admin = await AdminClient.CreateAsync(factory);
        var scim = await factory.CreateTenantAsync();

        (await admin.SendAsync(HttpMethod.Patch, $"/api/tenants/{scim.TenantId}", """{"name": "X"}""", "text/plain"))
            .AssertProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_unknown_tenant_is_a_404_problem_on_read_and_rename()
    {
        var admin = await AdminClient.CreateAsync(factory);

        (await admin.GetAsync("/api/tenants/nobody-here")).AssertProblem(HttpStatusCode.NotFound);
        (await admin.PatchAsync("/api/tenants/nobody-here", """{"name": "X"}""")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_scim_token_is_refused_on_the_tenant_routes()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        (await admin.WithKey(scim.Token).GetAsync("/api/tenants")).AssertProblem(HttpStatusCode.Unauthorized);
        (await admin.WithKey(scim.Token).PostAsync("/api/tenants", """{"id": "sneaky"}""")).AssertProblem(HttpStatusCode.Unauthorized);
        (await admin.WithKey(scim.Token).GetAsync($"/api/tenants/{scim.TenantId}/tokens")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_tenant_and_token_routes()
    {
        var document = (await new AdminClient(factory.CreateClient(), key: null).GetAsync("/api/openapi/v1.json")).Json;

        var paths = document["paths"]!.AsObject();
        Assert.Equal(["get", "post"], paths["/api/tenants"]!.AsObject().Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["delete", "get", "patch"], paths["/api/tenants/{tenant}"]!.AsObject().Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["get", "post"], paths["/api/tenants/{tenant}/tokens"]!.AsObject().Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.NotNull(paths["/api/tenants/{tenant}/tokens/{id}"]!["delete"]);
        Assert.NotNull(paths["/api/tenants/{tenant}/tokens/{id}/rotate"]!["post"]);
        Assert.Equal(["cursor", "limit"], paths["/api/tenants"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!).Order(StringComparer.Ordinal));
        Assert.Contains("confirm", paths["/api/tenants/{tenant}"]!["delete"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!));
        Assert.NotNull(paths["/api/tenants/{tenant}"]!["delete"]!["responses"]!["403"]);
    }

    private static string NewId() => "t" + Guid.NewGuid().ToString("N")[..12];
}
