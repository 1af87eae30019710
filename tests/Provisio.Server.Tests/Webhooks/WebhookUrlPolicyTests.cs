using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Webhooks;

/// <summary>Which URLs an endpoint may have: public https by default; loopback, private and http only when allowed.</summary>
public sealed class WebhookUrlPolicyTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    public static TheoryData<string, string> Refused => new()
    {
        { "http://93.184.215.14/hooks", "url must use https; plain http is allowed only with Provisio:Webhooks:AllowPrivateNetworks=true" },
        { "https://127.0.0.1/hooks", "The URL resolves to 127.0.0.1, a loopback/private address; endpoints must be public (set Provisio:Webhooks:AllowPrivateNetworks=true to allow)" },
        { "https://localhost:8443/hooks", "a loopback/private address" },
        { "https://[::1]/hooks", "The URL resolves to ::1" },
        { "https://10.1.2.3/hooks", "The URL resolves to 10.1.2.3" },
        { "https://169.254.169.254/latest/meta-data", "The URL resolves to 169.254.169.254" },
        { "https://192.168.0.10/hooks", "The URL resolves to 192.168.0.10" },
        { "https://user:pass@93.184.215.14/hooks", "must not contain a user name or password" },
        { "https://93.184.215.14/hooks#part", "must not have a fragment" },
        { "ftp://93.184.215.14/hooks", "url must use https, not 'ftp'" },
        { "/hooks", "url must be an absolute URL" },
        { "not a url", "url must be an absolute URL" },
        { "", "url is required" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_refused_url_is_a_400_that_names_what_is_wrong_and_adds_nothing(string url, string expected)
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.PostAsync(WebhookApi.Path(scim.TenantId!), $$"""{"url": {{System.Text.Json.Nodes.JsonValue.Create(url).ToJsonString()}}}""");

        Assert.Contains(expected, response.AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Empty((await admin.GetAsync(WebhookApi.Path(scim.TenantId!))).Json["items"]!.AsArray());
    }

    [Fact]
    public async Task A_url_longer_than_2048_characters_is_refused()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var url = WebhookApi.PublicUrl + "/" + new string('a', 2_048 - WebhookApi.PublicUrl.Length);

        var response = await admin.PostAsync(WebhookApi.Path(scim.TenantId!), $$"""{"url": "{{url}}"}""");

        Assert.Contains("at most 2,048", response.AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await admin.AddAsync(scim.TenantId!, url[..^1]);
    }

    [Theory]
    [InlineData("https://127.0.0.1:8443/hooks")]
    [InlineData("http://localhost:9000/hooks")]
    [InlineData("http://10.1.2.3/hooks")]
    public async Task Private_addresses_and_plain_http_are_accepted_when_the_setting_allows_them(string url)
    {
        using var allowing = new ProvisioFactory();
        allowing.Settings["Provisio:Webhooks:AllowPrivateNetworks"] = "true";
        var scim = await allowing.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(allowing);

        var created = await admin.AddAsync(scim.TenantId!, url, WebhookEndpointTests.Disabled);

        Assert.Equal(new Uri(url).AbsoluteUri, (string)created["url"]!);
        // Still refused whatever the setting: what is no URL at all, or would leak a credential.
        (await admin.PostAsync(WebhookApi.Path(scim.TenantId!), """{"url": "https://u:p@127.0.0.1/"}""")).AssertProblem(HttpStatusCode.BadRequest);
        (await admin.PostAsync(WebhookApi.Path(scim.TenantId!), """{"url": "file:///etc/passwd"}""")).AssertProblem(HttpStatusCode.BadRequest);
    }
}
