using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

/// <summary>
/// Issue #10: <c>attributes=emails[type eq "work"]</c> (sent by Microsoft's SCIM tests) returns only the matching
/// values; in <c>excludedAttributes</c> it leaves those values out.
/// </summary>
public sealed class ValueFilterProjectionTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Attributes_with_a_value_filter_returns_only_the_matching_values_on_get_list_and_write()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("filtered@example.com", WorkAndHome);
        var attributes = Uri.EscapeDataString("emails[type eq \"work\"]");

        var read = await scim.GetAsync($"/Users/{user["id"]}?attributes={attributes}");
        var listed = await scim.GetAsync($"/Users?attributes={attributes}");
        var valuesOnly = await scim.GetAsync($"/Users/{user["id"]}?attributes={Uri.EscapeDataString("emails[type eq \"work\"].value")}");
        var put = await scim.PutAsync($"/Users/{user["id"]}?attributes={attributes}", Body(user));

        foreach (var resource in new[] { read.Json, listed.Json["Resources"]![0]!.AsObject(), put.Json })
        {
            var email = Assert.Single(resource["emails"]!.AsArray())!;
            Assert.Equal("work@example.com", (string?)email["value"]);
            Assert.Null(resource["userName"]);
        }
        Assert.Equal("""[{"value":"work@example.com"}]""", valuesOnly.Json["emails"]!.ToJsonString());
    }

    [Fact]
    public async Task ExcludedAttributes_with_a_value_filter_leaves_out_only_the_matching_values()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("excluded@example.com", WorkAndHome);

        var read = await scim.GetAsync($"/Users/{user["id"]}?excludedAttributes={Uri.EscapeDataString("emails[type eq \"work\"]")}");

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("home@example.com", (string?)Assert.Single(read.Json["emails"]!.AsArray())!["value"]);
        Assert.Equal("excluded@example.com", (string?)read.Json["userName"]);
    }

    [Fact]
    public async Task A_value_filter_on_members_returns_only_the_matching_members()
    {
        var scim = await factory.CreateTenantAsync();
        var alice = (string)(await scim.CreateUserAsync("alice@example.com"))["id"]!;
        var bob = (string)(await scim.CreateUserAsync("bob@example.com"))["id"]!;
        var group = await scim.CreateGroupAsync("Pair", alice, bob);

        var read = await scim.GetAsync($"/Groups/{group["id"]}?attributes={Uri.EscapeDataString($"members[value eq \"{bob}\"]")}");

        Assert.Equal(bob, (string?)Assert.Single(read.Json["members"]!.AsArray())!["value"]);
    }

    [Fact]
    public async Task An_unclosed_value_filter_in_attributes_is_400_invalidValue()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("unclosed@example.com");

        var read = await scim.GetAsync($"/Users/{user["id"]}?attributes={Uri.EscapeDataString("emails[type eq \"work\"")}");

        Assert.Equal("invalidValue", read.AssertError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_write_with_an_invalid_attributes_parameter_is_400_and_changes_nothing()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("unchanged@example.com");
        var attributes = Uri.EscapeDataString("emails[type eq \"work\"");
        var renamed = ScimClient.NewUser("renamed@example.com");

        var posted = await scim.PostAsync($"/Users?attributes={attributes}", ScimClient.NewUser("never@example.com"));
        var put = await scim.PutAsync($"/Users/{user["id"]}?attributes={attributes}", renamed);

        Assert.Equal("invalidValue", posted.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal("invalidValue", put.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal(0, (int)(await scim.GetAsync("/Users?filter=userName eq \"never@example.com\"")).Json["totalResults"]!);
        Assert.Equal("unchanged@example.com", (string?)(await scim.GetAsync($"/Users/{user["id"]}")).Json["userName"]);
    }

    private static void WorkAndHome(JsonObject user) =>
        user["emails"] = JsonNode.Parse("""[{ "value": "work@example.com", "type": "work" }, { "value": "home@example.com", "type": "home" }]""");

    private static JsonObject Body(JsonObject user)
    {
        var body = ScimClient.NewUser((string)user["userName"]!);
        WorkAndHome(body);
        return body;
    }
}
