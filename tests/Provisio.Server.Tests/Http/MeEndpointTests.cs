using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Http;

/// <summary>RFC 7644 §3.11: a service provider without /Me answers 501, not 404.</summary>
public sealed class MeEndpointTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    public static TheoryData<string, bool> MethodsAndRoots => new()
    {
        { "GET", true }, { "GET", false },
        { "POST", true }, { "POST", false },
        { "PUT", true }, { "PATCH", true },
        { "DELETE", true }, { "DELETE", false },
    };

    [Theory]
    [MemberData(nameof(MethodsAndRoots))]
    public async Task Me_answers_501_with_a_scim_error_on_the_tenant_url_and_the_root(string method, bool onTenantUrl)
    {
        var scim = await factory.CreateTenantAsync();
        var client = onTenantUrl ? scim : scim.At("/scim/v2");
        var body = method is "GET" or "DELETE" ? null : "{}";

        var response = await client.SendAsync(new HttpMethod(method), "/Me", body);

        Assert.Null(response.AssertError(HttpStatusCode.NotImplemented));
    }

    [Fact]
    public async Task Me_without_a_token_is_401_like_every_other_resource()
    {
        var scim = await factory.CreateTenantAsync();

        (await scim.WithToken(null).GetAsync("/Me")).AssertError(HttpStatusCode.Unauthorized);
    }
}
