using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

/// <summary>
/// Issue #10: names are case-insensitive, so one attribute named twice in an object is ambiguous (400), and a name
/// qualified by its schema URN (RFC 7644 §3.10) is the plain name everywhere, so a qualified
/// <c>password</c> is never stored nor returned and qualified read-only attributes stay read-only.
/// </summary>
public sealed class AttributeNameInputTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const string Core = ScimClient.UserSchema;
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string Password = "S3cret!-qualified";

    [Fact]
    public async Task Post_with_a_URN_qualified_password_neither_stores_nor_returns_it()
    {
        var scim = await factory.CreateTenantAsync();
        var body = ScimClient.NewUser("qualified@example.com");
        body[$"{Core}:password"] = Password;

        var created = await scim.PostAsync("/Users", body);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.DoesNotContain(Password, created.Body, StringComparison.Ordinal);
        Assert.Equal([Core], created.Json["schemas"]!.AsArray().Select(s => (string)s!));
        var read = await scim.GetAsync($"/Users/{created.Json["id"]}");
        Assert.DoesNotContain(Password, read.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, await factory.DumpDatabaseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_and_patch_with_a_URN_qualified_password_neither_store_nor_return_it()
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("qualified-put@example.com"))["id"]!;
        var body = ScimClient.NewUser("qualified-put@example.com");
        body[$"{Core.ToUpperInvariant()}:Password"] = Password;

        var replaced = await scim.PutAsync($"/Users/{id}", body);
        var patched = await scim.PatchAsync($"/Users/{id}", $$"""[{ "op": "add", "value": { "{{Core}}:password": "{{Password}}" } }, { "op": "replace", "path": "{{Core}}", "value": { "password": "{{Password}}" } }]""");

        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.DoesNotContain(Password, replaced.Body + patched.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, (await scim.GetAsync($"/Users/{id}")).Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, await factory.DumpDatabaseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task URN_qualified_read_only_attributes_stay_read_only()
    {
        var scim = await factory.CreateTenantAsync();
        var group = (string)(await scim.CreateGroupAsync("Qualified"))["id"]!;
        var body = ScimClient.NewUser("qualified-ro@example.com");
        body[$"{Core}:id"] = "forged-id";
        body[$"{Core}:groups"] = new JsonArray(new JsonObject { ["value"] = group });
        body[$"{Core}:meta"] = new JsonObject { ["resourceType"] = "Group" };

        var created = await scim.PostAsync("/Users", body);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.NotEqual("forged-id", (string)created.Json["id"]!);
        Assert.Null(created.Json["groups"]);
        Assert.Equal("User", (string)created.Json["meta"]!["resourceType"]!);
        Assert.DoesNotContain(created.Json, p => p.Key.StartsWith(Core + ":", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_URN_qualified_core_or_extension_attribute_is_stored_under_its_plain_name()
    {
        var scim = await factory.CreateTenantAsync();
        var body = ScimClient.NewUser("qualified-plain@example.com");
        body[$"{Core}:nickName"] = "Babs";
        body[$"{Enterprise}:employeeNumber"] = "701984";
        body["schemas"]!.AsArray().Add(Enterprise);

        var created = await scim.PostAsync("/Users", body);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var read = (await scim.GetAsync($"/Users/{created.Json["id"]}")).Json;
        Assert.Equal("Babs", (string?)read["nickName"]);
        Assert.Equal("701984", (string?)read[Enterprise]?["employeeNumber"]);
        Assert.Equal([Core, Enterprise], read["schemas"]!.AsArray().Select(s => (string)s!));
        var filtered = await scim.GetAsync($"/Users?filter={Uri.EscapeDataString($"{Core}:nickName eq \"Babs\"")}&attributes={Uri.EscapeDataString($"{Core}:nickName,{Enterprise}:employeeNumber")}");
        var only = Assert.Single(filtered.Json["Resources"]!.AsArray())!;
        Assert.Equal("Babs", (string?)only["nickName"]);
        Assert.Equal("701984", (string?)only[Enterprise]?["employeeNumber"]);
        Assert.Null(only["userName"]);
    }

    [Theory]
    [InlineData("""{ "userName": "a@example.com", "USERNAME": "b@example.com" }""")]
    [InlineData("""{ "userName": "a@example.com", "urn:ietf:params:scim:schemas:core:2.0:User:userName": "b@example.com" }""")]
    [InlineData("""{ "userName": "a@example.com", "name": { "givenName": "A", "GivenName": "B" } }""")]
    [InlineData("""{ "userName": "a@example.com", "emails": [{ "value": "a@example.com", "VALUE": "b@example.com" }] }""")]
    [InlineData("""{ "userName": "a@example.com", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "department": "A", "DEPARTMENT": "B" } }""")]
    [InlineData("""{ "userName": "a@example.com", "Schemas": [] }""")]
    public async Task Two_names_for_one_attribute_are_400_invalidSyntax_on_post_and_put(string members)
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("existing@example.com"))["id"]!;
        var body = JsonNode.Parse(members)!.AsObject();
        body.Insert(0, "schemas", new JsonArray(Core));

        var posted = await scim.PostAsync("/Users", body);
        var put = await scim.PutAsync($"/Users/{id}", body);

        Assert.Equal("invalidSyntax", posted.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal("invalidSyntax", put.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal(0, (int)(await scim.GetAsync("/Users?filter=userName eq \"a@example.com\"")).Json["totalResults"]!);
        Assert.Equal("existing@example.com", (string?)(await scim.GetAsync($"/Users/{id}")).Json["userName"]);
    }

    [Theory]
    [InlineData("""[{ "op": "replace", "value": { "nickName": "a", "NICKNAME": "b" } }]""")]
    [InlineData("""[{ "op": "replace", "value": { "nickName": "a", "urn:ietf:params:scim:schemas:core:2.0:User:nickName": "b" } }]""")]
    [InlineData("""[{ "op": "replace", "path": "name", "value": { "givenName": "a", "givenname": "b" } }]""")]
    [InlineData("""[{ "op": "replace", "path": "nickName", "value": "a", "Value": "b" }]""")]
    public async Task Two_names_for_one_attribute_are_400_invalidSyntax_on_patch(string operations)
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("patch-dup@example.com"))["id"]!;

        var patched = await scim.PatchAsync($"/Users/{id}", operations);

        Assert.Equal("invalidSyntax", patched.AssertError(HttpStatusCode.BadRequest));
        Assert.Null((await scim.GetAsync($"/Users/{id}")).Json["nickName"]);
    }

    [Fact]
    public async Task Two_names_for_one_member_of_a_search_or_bulk_body_are_400_invalidSyntax()
    {
        var scim = await factory.CreateTenantAsync();

        var search = await scim.SendAsync(HttpMethod.Post, "/Users/.search",
            """{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "userName pr", "Filter": "userName eq \"x\"" }""");
        var bulk = await scim.SendAsync(HttpMethod.Post, "/Bulk", $$"""
            {
              "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
              "Operations": [{ "method": "POST", "path": "/Users", "bulkId": "a", "BulkId": "b", "data": { "schemas": ["{{Core}}"], "userName": "bulk-dup@example.com" } }]
            }
            """);

        Assert.Equal("invalidSyntax", search.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal("invalidSyntax", bulk.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal(0, (int)(await scim.GetAsync("/Users?filter=userName eq \"bulk-dup@example.com\"")).Json["totalResults"]!);
    }
}
