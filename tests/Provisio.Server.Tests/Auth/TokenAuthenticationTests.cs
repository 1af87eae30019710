using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Auth;

public sealed class TokenAuthenticationTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    public static TheoryData<string?> BadTokens => new()
    {
        null,
        "",
        "garbage",
        "scim_aaaaaaaaaaaa_wrongsecretwrongsecretwrongsecretwrongsecret",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_missing_or_unknown_token_is_401_with_www_authenticate_and_a_scim_body(string? token)
    {
        var scim = (await factory.CreateTenantAsync()).WithToken(token);

        var response = await scim.GetAsync("/Users");

        response.AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_token_with_a_wrong_secret_but_a_real_id_is_401()
    {
        var scim = await factory.CreateTenantAsync();
        var forged = scim.Token![..^4] + "AAAA";

        (await scim.WithToken(forged).GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_basic_auth_header_is_401()
    {
        var scim = await factory.CreateTenantAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, scim.BasePath + "/Users");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");

        var response = await scim.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var scim = await factory.CreateTenantAsync(tokenLifetime: TimeSpan.FromSeconds(-1));

        (await scim.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_once()
    {
        var scim = await factory.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);

        await factory.Services.GetRequiredService<ITenantStore>().RevokeTokenAsync(scim.TokenId!, DateTimeOffset.UnixEpoch, CancellationToken.None);

        (await scim.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_a_hash_and_record_when_they_were_used()
    {
        var scim = await factory.CreateTenantAsync();
        await scim.GetAsync("/Users");

        var stored = await factory.Services.GetRequiredService<ITenantStore>().FindTokenAsync(scim.TokenId!, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.StartsWith(stored.Id, scim.Token!, StringComparison.Ordinal);
        Assert.Equal(32, stored.SecretHash.Length);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(scim.Token!)), stored.SecretHash);
        Assert.NotNull(stored.LastUsed);
        Assert.True(scim.Token!.Length - stored.Id.Length - 1 >= 43, "the secret carries at least 256 bits");
    }

    [Fact]
    public async Task The_tenant_comes_from_the_token_on_the_base_url_without_a_tenant()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("tokenroot@example.com");

        var viaRoot = scim.At("/scim/v2");
        var found = await viaRoot.GetAsync($"/Users/{user["id"]}");

        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.Equal($"http://localhost/scim/v2/Users/{user["id"]}", (string)found.Json["meta"]!["location"]!);
    }

    [Fact]
    public async Task A_token_of_tenant_a_never_reads_lists_or_writes_tenant_b()
    {
        var a = await factory.CreateTenantAsync();
        var b = await factory.CreateTenantAsync();
        var secret = await b.CreateUserAsync("secret@b.example.com");
        var secretGroup = await b.CreateGroupAsync("B only");

        // A's token on B's URL: the same 401 as a wrong token.
        var onB = a.At(b.BasePath);
        (await onB.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
        (await onB.GetAsync($"/Users/{secret["id"]}")).AssertError(HttpStatusCode.Unauthorized);
        (await onB.PostAsync("/Users", ScimClient.NewUser("intruder@example.com"))).AssertError(HttpStatusCode.Unauthorized);
        (await onB.DeleteAsync($"/Users/{secret["id"]}")).AssertError(HttpStatusCode.Unauthorized);

        // A's token on its own URL (or the token-only root) cannot reach B's ids.
        foreach (var own in new[] { a, a.At("/scim/v2") })
        {
            (await own.GetAsync($"/Users/{secret["id"]}")).AssertError(HttpStatusCode.NotFound);
            (await own.GetAsync($"/Groups/{secretGroup["id"]}")).AssertError(HttpStatusCode.NotFound);
            (await own.PutAsync($"/Users/{secret["id"]}", ScimClient.NewUser("secret@b.example.com"))).AssertError(HttpStatusCode.NotFound);
            (await own.DeleteAsync($"/Users/{secret["id"]}")).AssertError(HttpStatusCode.NotFound);
            Assert.Equal(0, (int)(await own.GetAsync("/Users")).Json["totalResults"]!);
            Assert.Equal(0, (int)(await own.GetAsync("/Users?filter=userName%20eq%20%22secret@b.example.com%22")).Json["totalResults"]!);
            Assert.Equal(0, (int)(await own.GetAsync("/Groups")).Json["totalResults"]!);
        }

        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/Users/{secret["id"]}")).Status);
    }
}
