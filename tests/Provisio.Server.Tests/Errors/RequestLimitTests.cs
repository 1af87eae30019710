using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Errors;

/// <summary>Oversized filters and attribute lists are refused before they cost anything.</summary>
public sealed class RequestLimitTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private static string LongFilter => string.Join(" or ", Enumerable.Range(0, 300).Select(i => $"userName eq \"user{i}@example.com\""));

    [Fact]
    public async Task A_very_long_filter_in_the_query_is_400_invalid_filter()
    {
        var scim = await factory.CreateTenantAsync();
        var filter = string.Join(" or ", Enumerable.Range(0, 400).Select(i => $"id eq \"{i}\""));

        var response = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString(filter));

        Assert.Equal("invalidFilter", response.AssertError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_very_long_filter_in_a_search_body_is_400_invalid_filter()
    {
        var scim = await factory.CreateTenantAsync();
        var search = new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["filter"] = LongFilter,
        };

        var response = await scim.PostAsync("/Users/.search", search);

        Assert.Equal("invalidFilter", response.AssertError(HttpStatusCode.BadRequest));
        Assert.Contains("limit", (string)response.Json["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deeply_nested_filter_parentheses_are_400_invalid_filter()
    {
        var scim = await factory.CreateTenantAsync();
        var filter = new string('(', 200) + "userName eq \"a\"" + new string(')', 200);

        var response = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString(filter));

        Assert.Equal("invalidFilter", response.AssertError(HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("attributes")]
    [InlineData("excludedAttributes")]
    public async Task A_very_long_attribute_list_is_400_invalid_value(string parameter)
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("limits@example.com");
        var list = string.Join(",", Enumerable.Range(0, 150).Select(i => $"name.givenName{i}"));

        var single = await scim.GetAsync($"/Users/{user["id"]}?{parameter}={list}");
        var listed = await scim.GetAsync($"/Users?{parameter}={list}");

        Assert.Equal("invalidValue", single.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal("invalidValue", listed.AssertError(HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("userName")]
    [InlineData("externalId")]
    [InlineData("email")]
    public async Task An_indexed_attribute_over_512_characters_is_400_invalid_value_on_every_database(string attribute)
    {
        var scim = await factory.CreateTenantAsync();
        var tooLong = new string('é', 513);
        var user = ScimClient.NewUser("long@example.com");
        switch (attribute)
        {
            case "userName": user["userName"] = tooLong; break;
            case "externalId": user["externalId"] = tooLong; break;
            default: user["emails"]![0]!["value"] = tooLong; break;
        }

        var response = await scim.PostAsync("/Users", user);

        Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal(0, (int)(await scim.GetAsync("/Users?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task Bodies_nest_at_most_32_levels_so_lists_of_what_was_kept_stay_readable()
    {
        var scim = await factory.CreateTenantAsync();
        static string User(string userName, int depth) =>
            $"{{\"schemas\":[\"{ScimClient.UserSchema}\"],\"userName\":\"{userName}\",\"kept\":"
            + new string('[', depth - 1) + new string(']', depth - 1) + "}";

        var deepest = await scim.SendAsync(HttpMethod.Post, "/Users", User("deep@example.com", 32));
        var tooDeep = await scim.SendAsync(HttpMethod.Post, "/Users", User("deeper@example.com", 33));

        Assert.Equal(HttpStatusCode.Created, deepest.Status);
        Assert.Equal("invalidSyntax", tooDeep.AssertError(HttpStatusCode.BadRequest));
        // The list wraps the kept value in two more levels; a parser's default limit (64) still reads it.
        Assert.Single((await scim.GetAsync("/Users")).Ids);
    }
}
