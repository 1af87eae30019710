using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Patching;

/// <summary>
/// Issue #10: a value filter that matches nothing is 400 <c>noTarget</c> (RFC 7644 §3.5.2.3) unless it names an entry by
/// a canonical type, which Entra expects created; an extension value that repeats its own <c>schemas</c> is accepted.
/// </summary>
public sealed class PatchTargetTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    [Theory]
    [InlineData("replace", """emails[value eq \"nobody@example.com\"].type""", "\"work\"")]
    [InlineData("add", """emails[value eq \"nobody@example.com\"].type""", "\"work\"")]
    [InlineData("replace", """emails[type eq \"pager\"].value""", "\"x@example.com\"")]
    [InlineData("replace", """emails[type eq \"home\" and primary eq true].value""", "\"x@example.com\"")]
    [InlineData("replace", """entitlements[type eq \"work\"].value""", "\"admin\"")]
    public async Task A_value_filter_that_matches_nothing_and_names_no_canonical_type_is_400_noTarget(string op, string path, string value)
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("notarget@example.com");

        var patched = await scim.PatchAsync($"/Users/{user["id"]}", $$"""[{ "op": "{{op}}", "path": "{{path}}", "value": {{value}} }]""");

        Assert.Equal("noTarget", patched.AssertError(HttpStatusCode.BadRequest));
        var read = (await scim.GetAsync($"/Users/{user["id"]}")).Json;
        Assert.True(JsonNode.DeepEquals(user["emails"], read["emails"]));
        Assert.Null(read["entitlements"]);
    }

    [Theory]
    [InlineData("""emails[type eq \"work\"].value""", "emails", "work")]
    [InlineData("""emails[type eq \"Home\"].value""", "emails", "Home")]
    [InlineData("""phoneNumbers[type eq \"mobile\"].value""", "phoneNumbers", "mobile")]
    [InlineData("""addresses[type eq \"work\"].formatted""", "addresses", "work")]
    public async Task A_value_filter_on_a_canonical_type_that_matches_nothing_creates_the_entry(string path, string attribute, string type)
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("canonical@example.com", u => u.Remove("emails"));

        var patched = await scim.PatchAsync($"/Users/{user["id"]}", $$"""[{ "op": "Replace", "path": "{{path}}", "value": "555" }]""");

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        var created = Assert.Single(patched.Json[attribute]!.AsArray())!;
        Assert.Equal(type, (string?)created["type"]);
    }

    [Fact]
    public async Task Entras_app_role_add_on_the_primary_role_creates_it()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("role@example.com");

        var patched = await scim.PatchAsync($"/Users/{user["id"]}", """[{ "op": "Add", "path": "roles[primary eq \"True\"].value", "value": "Admin" }]""");

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        var role = Assert.Single(patched.Json["roles"]!.AsArray())!;
        Assert.Equal("Admin", (string?)role["value"]);
        Assert.True((bool)role["primary"]!);
    }

    [Fact]
    public async Task Add_with_an_extension_path_accepts_a_value_that_repeats_its_schemas()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("ext-schemas@example.com");

        var patched = await scim.PatchAsync($"/Users/{user["id"]}", $$"""
            [{ "op": "add", "path": "{{Enterprise}}", "value": { "schemas": ["{{Enterprise}}"], "employeeNumber": "1" } }]
            """);

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("1", (string?)patched.Json[Enterprise]?["employeeNumber"]);
        Assert.Null(patched.Json[Enterprise]?["schemas"]);
    }
}
