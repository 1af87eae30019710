using System.Net;
using System.Net.Http.Headers;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Http;

/// <summary>Directory data is never cached by intermediaries nor sniffed by browsers, on successes and errors alike.</summary>
public sealed class ResponseHeaderTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Scim_responses_and_errors_carry_nosniff_and_no_store()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("headers@example.com");

        var responses = new[]
        {
            await scim.GetAsync($"/Users/{user["id"]}"),
            await scim.GetAsync("/Users?filter=userName%20eq%20%22headers@example.com%22"),
            await scim.GetAsync("/Users/missing"),
            await scim.WithToken(null).GetAsync("/Users"),
            await scim.DeleteAsync($"/Users/{user["id"]}"),
            await factory.Anonymous().GetAsync("/ServiceProviderConfig"),
            await factory.Anonymous().GetAsync("/NoSuchEndpoint"),
        };

        Assert.Collection(responses.Select(r => r.Status),
            s => Assert.Equal(HttpStatusCode.OK, s),
            s => Assert.Equal(HttpStatusCode.OK, s),
            s => Assert.Equal(HttpStatusCode.NotFound, s),
            s => Assert.Equal(HttpStatusCode.Unauthorized, s),
            s => Assert.Equal(HttpStatusCode.NoContent, s),
            s => Assert.Equal(HttpStatusCode.OK, s),
            s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.All(responses, AssertNotCachedNorSniffed);
    }

    [Fact]
    public async Task A_conditional_get_still_answers_304_without_being_stored()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("conditional@example.com");
        var etag = (string)user["meta"]!["version"]!;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{scim.BasePath}/Users/{user["id"]}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scim.Token);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var response = await scim.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag?.ToString());
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private static void AssertNotCachedNorSniffed(ScimResponse response)
    {
        Assert.True(response.Headers.CacheControl?.NoStore, $"no Cache-Control: no-store on a {response.Status}");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
