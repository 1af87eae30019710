using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Errors;

public sealed class ScimErrorShapeTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("\"just a string\"")]
    [InlineData("")]
    public async Task A_body_that_is_not_a_json_object_is_400_invalidSyntax(string body)
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.SendAsync(HttpMethod.Post, "/Users", body);

        Assert.Equal("invalidSyntax", response.AssertError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Deeply_nested_json_is_400_not_a_crash()
    {
        var scim = await factory.CreateTenantAsync();
        var body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"deep\",\"x\":"
            + new string('[', 500) + new string(']', 500) + "}";

        var response = await scim.SendAsync(HttpMethod.Post, "/Users", body);

        Assert.Equal("invalidSyntax", response.AssertError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Application_json_is_accepted_like_scim_json()
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.SendAsync(HttpMethod.Post, "/Users", ScimClient.NewUser("json@example.com").ToJsonString(), "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.Created, response.Status);
    }

    [Fact]
    public async Task Another_media_type_is_415()
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.SendAsync(HttpMethod.Post, "/Users", ScimClient.NewUser("xml@example.com").ToJsonString(), "application/xml");

        response.AssertError(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_nothing_is_written()
    {
        using var small = new ProvisioFactory();
        small.Settings["Provisio:MaxPayloadBytes"] = "2048";
        var scim = await small.CreateTenantAsync();
        var user = ScimClient.NewUser("big@example.com");
        user["title"] = new string('x', 4096);

        var response = await scim.PostAsync("/Users", user);

        response.AssertError(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, (int)(await scim.GetAsync("/Users")).Json["totalResults"]!);
    }

    [Theory]
    [InlineData("/scim/v2/Nothing")]
    [InlineData("/scim/v2/tenant/Users/1/extra")]
    [InlineData("/elsewhere")]
    public async Task An_unknown_route_is_404_in_scim_shape(string path)
    {
        var response = await factory.Anonymous("").GetAsync(path);

        response.AssertError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_on_a_resource_is_405_in_scim_shape()
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.SendAsync(HttpMethod.Delete, "/Users");

        response.AssertError(HttpStatusCode.MethodNotAllowed);
    }
}
