using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Discovery;

public sealed class DiscoveryEndpointsTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Theory]
    [InlineData("/scim/v2")]
    [InlineData("/scim/v2/any-tenant")]
    public async Task ServiceProviderConfig_is_open_and_carries_every_member_okta_checks(string basePath)
    {
        var response = await factory.Anonymous(basePath).GetAsync("/ServiceProviderConfig");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/scim+json", response.ContentType);
        var config = response.Json;
        Assert.Equal("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig", (string)config["schemas"]![0]!);
        foreach (var feature in new[] { "patch", "bulk", "filter", "changePassword", "sort", "etag" })
        {
            Assert.NotNull((bool?)config[feature]!["supported"]);
        }
        Assert.True((int)config["filter"]!["maxResults"]! > 0);
        Assert.NotNull((int?)config["bulk"]!["maxOperations"]);
        Assert.NotNull((int?)config["bulk"]!["maxPayloadSize"]);
        var scheme = config["authenticationSchemes"]![0]!;
        Assert.False(string.IsNullOrEmpty((string?)scheme["type"]));
        Assert.False(string.IsNullOrEmpty((string?)scheme["description"]));
    }

    [Fact]
    public async Task ServiceProviderConfig_advertises_only_what_works_now()
    {
        var config = (await factory.Anonymous().GetAsync("/ServiceProviderConfig")).Json;

        Assert.True((bool)config["filter"]!["supported"]!);
        Assert.True((bool)config["sort"]!["supported"]!);
        Assert.True((bool)config["patch"]!["supported"]!);
        Assert.True((bool)config["etag"]!["supported"]!);
        Assert.True((bool)config["bulk"]!["supported"]!);
        Assert.Equal(1_000, (int)config["bulk"]!["maxOperations"]!);
        Assert.Equal(1_048_576, (int)config["bulk"]!["maxPayloadSize"]!);
        // A password the IdP sends is stored as a hash the app can verify (docs/tenant-settings.md).
        Assert.True((bool)config["changePassword"]!["supported"]!);
    }

    [Fact]
    public async Task ResourceTypes_is_a_list_response_with_user_and_group()
    {
        var list = (await factory.Anonymous().GetAsync("/ResourceTypes")).Json;

        Assert.Equal(ScimClient.ListSchema, (string)list["schemas"]![0]!);
        Assert.Equal(2, (int)list["totalResults"]!);
        var user = list["Resources"]!.AsArray().Single(r => (string)r!["name"]! == "User")!;
        Assert.Equal("/Users", (string)user["endpoint"]!);
        Assert.Equal(ScimClient.UserSchema, (string)user["schema"]!);
        Assert.Equal(ScimClient.EnterpriseSchema, (string)user["schemaExtensions"]![0]!["schema"]!);
        Assert.Equal("User", (string)user["id"]!);

        var one = await factory.Anonymous().GetAsync("/ResourceTypes/Group");
        Assert.Equal("/Groups", (string)one.Json["endpoint"]!);
        (await factory.Anonymous().GetAsync("/ResourceTypes/Device")).AssertError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Schemas_lists_the_three_rfc_schemas_with_their_attributes()
    {
        var list = (await factory.Anonymous().GetAsync("/Schemas")).Json;

        Assert.Equal(ScimClient.ListSchema, (string)list["schemas"]![0]!);
        var ids = list["Resources"]!.AsArray().Select(r => (string)r!["id"]!).ToList();
        Assert.Equal(new[] { ScimClient.UserSchema, ScimClient.GroupSchema, ScimClient.EnterpriseSchema }.Order(), ids.Order());
        var user = (await factory.Anonymous().GetAsync($"/Schemas/{ScimClient.UserSchema}")).Json;
        var userName = user["attributes"]!.AsArray().Single(a => (string)a!["name"]! == "userName")!;
        Assert.True((bool)userName["required"]!);
        Assert.Equal("server", (string)userName["uniqueness"]!);
        Assert.EndsWith($"/Schemas/{ScimClient.UserSchema}", (string)user["meta"]!["location"]!);
        (await factory.Anonymous().GetAsync("/Schemas/urn:nope")).AssertError(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "/ServiceProviderConfig")]
    [InlineData("PUT", "/ServiceProviderConfig")]
    [InlineData("POST", "/ResourceTypes")]
    [InlineData("POST", "/Schemas")]
    [InlineData("DELETE", "/Schemas")]
    [InlineData("PATCH", "/ResourceTypes")]
    public async Task Discovery_endpoints_refuse_writes_with_405(string method, string path)
    {
        var response = await factory.Anonymous().SendAsync(new HttpMethod(method), path, "test", "text/plain");

        response.AssertError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task The_pagination_block_can_be_left_out_for_strict_clients_and_cursors_still_work()
    {
        Assert.NotNull((await factory.Anonymous().GetAsync("/ServiceProviderConfig")).Json["pagination"]);
        using var strict = new ProvisioFactory { Settings = { ["Provisio:AdvertisePagination"] = "false" } };
        var scim = await strict.CreateTenantAsync();
        await scim.CreateUserAsync("one@example.com");
        await scim.CreateUserAsync("two@example.com");

        var config = (await strict.Anonymous().GetAsync("/ServiceProviderConfig")).Json;
        var firstPage = await scim.GetAsync("/Users?count=1&cursor");

        Assert.False(config.ContainsKey("pagination"));
        Assert.True((bool)config["filter"]!["supported"]!);
        Assert.Equal(HttpStatusCode.OK, firstPage.Status);
        Assert.False(string.IsNullOrEmpty((string?)firstPage.Json["nextCursor"]));
    }
}
