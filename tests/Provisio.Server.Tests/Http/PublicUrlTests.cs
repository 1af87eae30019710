using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Http;

/// <summary>The URLs in responses (Location, meta.location, $ref) come from configuration, not from what a client claims.</summary>
public sealed class PublicUrlTests
{
    [Fact]
    public async Task With_a_public_base_url_a_forged_host_header_is_never_echoed()
    {
        using var factory = new ProvisioFactory { Settings = { ["Provisio:PublicBaseUrl"] = "https://scim.example.com/base/" } };
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("host@example.com");
        scim.Http.DefaultRequestHeaders.Host = "evil.example";

        var created = await scim.PostAsync("/Groups", ScimClient.NewGroup("Team", (string)user["id"]!));
        var config = await factory.Anonymous($"/scim/v2/{scim.TenantId}").GetAsync("/ServiceProviderConfig");

        var expected = $"https://scim.example.com/base/scim/v2/{scim.TenantId}";
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal($"{expected}/Groups/{created.Json["id"]}", created.Headers.Location?.ToString());
        Assert.Equal($"{expected}/Groups/{created.Json["id"]}", (string)created.Json["meta"]!["location"]!);
        Assert.Equal($"{expected}/Users/{user["id"]}", (string)created.Json["members"]![0]!["$ref"]!);
        Assert.Equal($"{expected}/ServiceProviderConfig", (string)config.Json["meta"]!["location"]!);
        Assert.DoesNotContain("evil.example", created.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_base_url_that_is_not_an_absolute_http_url_is_refused_at_start_up()
    {
        var folder = Directory.CreateTempSubdirectory("provisio-url-").FullName;
        var app = ServerHost.Build(["--urls=http://127.0.0.1:0", $"--Provisio:Storage:DataDirectory={folder}", "--Provisio:PublicBaseUrl=scim.example.com"]);
        await using (app)
        {
            var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

            Assert.Contains("PublicBaseUrl", error.Message, StringComparison.Ordinal);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Forwarded_proto_from_a_known_proxy_makes_urls_https()
    {
        using var factory = new ProvisioFactory
        {
            Settings =
            {
                ["Provisio:ForwardedHeaders:Enabled"] = "true",
                ["Provisio:ForwardedHeaders:KnownProxies:0"] = "192.0.2.10",
            },
        };

        var location = await DiscoveryLocationAsync(factory, proxy: "192.0.2.10");

        Assert.Equal("https://scim.example.com/scim/v2/ServiceProviderConfig", location);
    }

    [Theory]
    [InlineData(true, "198.51.100.7")]
    [InlineData(false, "127.0.0.1")]
    public async Task Forwarded_headers_are_ignored_when_off_or_from_an_unknown_address(bool enabled, string sender)
    {
        using var factory = new ProvisioFactory
        {
            Settings =
            {
                ["Provisio:ForwardedHeaders:Enabled"] = enabled ? "true" : "false",
                ["Provisio:ForwardedHeaders:KnownNetworks:0"] = "192.0.2.0/24",
            },
        };

        var location = await DiscoveryLocationAsync(factory, proxy: sender);

        Assert.Equal("http://scim.example.com/scim/v2/ServiceProviderConfig", location);
    }

    /// <summary>GET /ServiceProviderConfig as a proxy at <paramref name="proxy"/> that terminated TLS would send it.</summary>
    private static async Task<string> DiscoveryLocationAsync(ProvisioFactory factory, string proxy)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("scim.example.com");
            c.Request.Path = "/scim/v2/ServiceProviderConfig";
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.9";
            c.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(proxy);
        });
        Assert.Equal(200, context.Response.StatusCode);
        var body = await JsonNode.ParseAsync(context.Response.Body);
        return (string)body!["meta"]!["location"]!;
    }
}
