using System.Net;
using Provisio.AspNetCore.Auth;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Tenants;

/// <summary><c>/api/tenants/{tenant}/tokens</c>: a token is shown once, listed without its secret, revoked and rotated.</summary>
public sealed class ScimTokenApiTests : IDisposable
{
    private readonly ShiftableTimeProvider clock = new();
    private readonly ProvisioFactory factory;

    public ScimTokenApiTests() => factory = new ProvisioFactory { Time = clock };

    [Fact]
    public async Task A_created_token_is_shown_once_and_works_on_scim_and_the_list_never_shows_it()
    {
        var (admin, scim) = await SetUpAsync();

        var created = await admin.PostAsync($"/api/tenants/{scim.TenantId}/tokens", """{"name": "okta-production", "expiresInDays": 30}""");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var token = (string)created.Json["token"]!;
        var id = (string)created.Json["id"]!;
        Assert.Equal(ScimTokenFormat.ParseId(token), id);
        Assert.Equal("okta-production", (string)created.Json["name"]!);
        var expires = DateTimeOffset.Parse((string)created.Json["expires"]!, System.Globalization.CultureInfo.InvariantCulture);
        var made = DateTimeOffset.Parse((string)created.Json["created"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromDays(30), expires - made);
        Assert.Equal(HttpStatusCode.OK, (await scim.WithToken(token).GetAsync("/Users")).Status);

        var list = await admin.GetAsync($"/api/tenants/{scim.TenantId}/tokens");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.DoesNotContain(token, list.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(token[(id.Length + 1)..], list.Body, StringComparison.Ordinal);
        var item = list.Json["items"]!.AsArray().Single(i => (string)i!["id"]! == id)!.AsObject();
        Assert.Equal(["id", "name", "created", "expires", "lastUsed", "revoked"], item.Select(p => p.Key));
        Assert.NotNull((string?)item["lastUsed"]);
        Assert.Null((string?)item["revoked"]);
        Assert.Null(item["token"]);
    }

    [Fact]
    public async Task A_token_without_an_expiry_never_expires()
    {
        var (admin, scim) = await SetUpAsync();

        var created = await admin.PostAsync($"/api/tenants/{scim.TenantId}/tokens", """{"name": "forever"}""");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Null((string?)created.Json["expires"]);
    }

    [Theory]
    [InlineData("""{}""", "name is required")]
    [InlineData("""{"name": "  "}""", "not blank")]
    [InlineData("""{"name": "x", "expiresInDays": 0}""", "expiresInDays must be a whole number from 1")]
    [InlineData("""{"name": "x", "expiresInDays": 36501}""", "expiresInDays")]
    [InlineData("""{"name": "x", "expiresInDays": 1.5}""", "expiresInDays")]
    [InlineData("""{"name": "x", "expiresInDays": "30"}""", "expiresInDays")]
    [InlineData("""{"name": "x", "scope": "all"}""", "'scope' is not a member")]
    public async Task A_bad_token_request_is_a_400_that_creates_no_token(string body, string expected)
    {
        var (admin, scim) = await SetUpAsync();

        var detail = (await admin.PostAsync($"/api/tenants/{scim.TenantId}/tokens", body)).AssertProblem(HttpStatusCode.BadRequest);

        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.Single((await admin.GetAsync($"/api/tenants/{scim.TenantId}/tokens")).Json["items"]!.AsArray());
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once_and_listed_as_revoked()
    {
        var (admin, scim) = await SetUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tenants/{scim.TenantId}/tokens/{scim.TokenId}")).Status);

        (await scim.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
        var item = (await admin.GetAsync($"/api/tenants/{scim.TenantId}/tokens")).Json["items"]!.AsArray().Single()!;
        Assert.NotNull((string?)item["revoked"]);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tenants/{scim.TenantId}/tokens/{scim.TokenId}")).Status);
    }

    [Fact]
    public async Task Another_tenants_token_is_a_404_and_keeps_working()
    {
        var (admin, scim) = await SetUpAsync();
        var other = await factory.CreateTenantAsync();

        (await admin.DeleteAsync($"/api/tenants/{scim.TenantId}/tokens/{other.TokenId}")).AssertProblem(HttpStatusCode.NotFound);
        (await admin.PostAsync($"/api/tenants/{scim.TenantId}/tokens/{other.TokenId}/rotate")).AssertProblem(HttpStatusCode.NotFound);
        (await admin.DeleteAsync($"/api/tenants/{scim.TenantId}/tokens/scim_nonexistent1")).AssertProblem(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/Users")).Status);
    }

    [Fact]
    public async Task A_rotated_token_works_until_its_overlap_ends_and_its_successor_after()
    {
        var (admin, scim) = await SetUpAsync();

        var rotated = await admin.PostAsync($"/api/tenants/{scim.TenantId}/tokens/{scim.TokenId}/rotate", """{"overlapDays": 2}""");

        Assert.Equal(HttpStatusCode.Created, rotated.Status);
        var successor = scim.WithToken((string)rotated.Json["token"]!);
        Assert.Equal("test", (string)rotated.Json["name"]!);
        Assert.NotEqual(scim.TokenId, (string)rotated.Json["id"]!);
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
        Assert.Equal(HttpStatusCode.OK, (await successor.GetAsync("/Users")).Status);
        var old = (await admin.GetAsync($"/api/tenants/{scim.TenantId}/tokens")).Json["items"]!.AsArray().Single(i => (string)i!["id"]! == scim.TokenId)!;
        Assert.NotNull((string?)old["expires"]);

        clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
        clock.Advance(TimeSpan.FromMinutes(2));
        (await scim.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await successor.GetAsync("/Users")).Status);
    }

    [Fact]
    public async Task A_rotation_with_no_overlap_ends_the_old_token_at_once()
    {
        var (admin, scim) = await SetUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);

        var rotated = await admin.PostAsync($"/api/tenants/{scim.TenantId}/tokens/{scim.TokenId}/rotate", """{"overlapDays": 0, "expiresInDays": 90}""");

        Assert.Equal(HttpStatusCode.Created, rotated.Status);
        (await scim.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await scim.WithToken((string)rotated.Json["token"]!).GetAsync("/Users")).Status);
        Assert.NotNull((string?)rotated.Json["expires"]);
    }

    [Fact]
    public async Task By_default_the_old_token_works_seven_more_days_and_the_successor_lives_as_long_as_it_was_issued_for()
    {
        var (admin, scim) = await SetUpAsync();
        var first = (await admin.PostAsync($"/api/tenants/{scim.TenantId}/tokens", """{"name": "entra", "expiresInDays": 90}""")).Json;

        var rotated = await admin.PostAsync($"/api/tenants/{scim.TenantId}/tokens/{(string)first["id"]!}/rotate");

        Assert.Equal(HttpStatusCode.Created, rotated.Status);
        Assert.Equal("entra", (string)rotated.Json["name"]!);
        var created = DateTimeOffset.Parse((string)rotated.Json["created"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromDays(90), DateTimeOffset.Parse((string)rotated.Json["expires"]!, System.Globalization.CultureInfo.InvariantCulture) - created);
        var old = (await admin.GetAsync($"/api/tenants/{scim.TenantId}/tokens")).Json["items"]!.AsArray().Single(i => (string)i!["id"]! == (string)first["id"]!)!;
        Assert.Equal(TimeSpan.FromDays(7), DateTimeOffset.Parse((string)old["expires"]!, System.Globalization.CultureInfo.InvariantCulture) - created);
    }

    [Fact]
    public async Task A_revoked_token_cannot_be_rotated()
    {
        var (admin, scim) = await SetUpAsync();
        await admin.DeleteAsync($"/api/tenants/{scim.TenantId}/tokens/{scim.TokenId}");

        (await admin.PostAsync($"/api/tenants/{scim.TenantId}/tokens/{scim.TokenId}/rotate")).AssertProblem(HttpStatusCode.Conflict);

        Assert.Single((await admin.GetAsync($"/api/tenants/{scim.TenantId}/tokens")).Json["items"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"overlapDays": -1}""")]
    [InlineData("""{"overlapDays": 366}""")]
    [InlineData("""{"expiresInDays": 0}""")]
    [InlineData("""{"name": "renamed"}""")]
    public async Task A_bad_rotation_is_a_400_that_leaves_the_token_as_it_was(string body)
    {
        var (admin, scim) = await SetUpAsync();

        (await admin.PostAsync($"/api/tenants/{scim.TenantId}/tokens/{scim.TokenId}/rotate", body)).AssertProblem(HttpStatusCode.BadRequest);

        var item = (await admin.GetAsync($"/api/tenants/{scim.TenantId}/tokens")).Json["items"]!.AsArray().Single()!;
        Assert.Null((string?)item["expires"]);
    }

    [Fact]
    public async Task The_tokens_of_an_unknown_tenant_are_a_404()
    {
        var admin = await AdminClient.CreateAsync(factory);

        (await admin.GetAsync("/api/tenants/nobody-here/tokens")).AssertProblem(HttpStatusCode.NotFound);
        (await admin.PostAsync("/api/tenants/nobody-here/tokens", """{"name": "x"}""")).AssertProblem(HttpStatusCode.NotFound);
    }

    public void Dispose() => factory.Dispose();

    private async Task<(AdminClient Admin, ScimClient Scim)> SetUpAsync() =>
        (await AdminClient.CreateAsync(factory), await factory.CreateTenantAsync());
}
