using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

public sealed class UserEndpointsTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Post_creates_a_user_with_201_location_id_and_meta()
    {
        var scim = await factory.CreateTenantAsync();
        var response = await scim.PostAsync("/Users", ScimClient.NewUser("alice@example.com"));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("application/scim+json", response.ContentType);
        var user = response.Json;
        var id = (string)user["id"]!;
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(ScimClient.UserSchema, (string)user["schemas"]![0]!);
        var meta = user["meta"]!;
        Assert.Equal("User", (string)meta["resourceType"]!);
        Assert.True(DateTimeOffset.TryParse((string)meta["created"]!, out _));
        Assert.True(DateTimeOffset.TryParse((string)meta["lastModified"]!, out _));
        Assert.Equal($"http://localhost{scim.BasePath}/Users/{id}", (string)meta["location"]!);
        Assert.Equal((string)meta["location"]!, response.Headers.Location!.ToString());
        Assert.StartsWith("W/\"", (string)meta["version"]!);
        Assert.Equal((string)meta["version"]!, response.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Get_returns_the_stored_user_and_404_for_an_unknown_id()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.CreateUserAsync("bob@example.com");

        var found = await scim.GetAsync($"/Users/{created["id"]}");
        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.Equal("bob@example.com", (string)found.Json["userName"]!);
        Assert.Equal("Given", (string)found.Json["name"]!["givenName"]!);

        var missing = await scim.GetAsync("/Users/010101001010101011001010101011");
        missing.AssertError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Password_is_never_returned_nor_stored_in_clear()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.CreateUserAsync("carol@example.com", u => u["password"] = "s3cret-Passw0rd");

        Assert.Null(created["password"]);
        var read = await scim.GetAsync($"/Users/{created["id"]}");
        Assert.DoesNotContain("s3cret-Passw0rd", read.Body, StringComparison.Ordinal);
        var database = await factory.DumpDatabaseAsync();
        Assert.Contains("carol@example.com", database, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Passw0rd", database, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attributes_no_schema_declares_are_kept_and_returned()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.CreateUserAsync("dave@example.com", u =>
        {
            u["prefferedLanguage"] = "en";
            u["urn:example:params:scim:schemas:extension:acme:1.0:User"] = new JsonObject { ["costCenter"] = "42", ["badge"] = 7 };
        });

        var read = (await scim.GetAsync($"/Users/{created["id"]}")).Json;
        Assert.Equal("en", (string)read["prefferedLanguage"]!);
        Assert.Equal("42", (string)read["urn:example:params:scim:schemas:extension:acme:1.0:User"]!["costCenter"]!);
        Assert.Equal(7, (int)read["urn:example:params:scim:schemas:extension:acme:1.0:User"]!["badge"]!);
        Assert.Contains("urn:example:params:scim:schemas:extension:acme:1.0:User", read["schemas"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task Enterprise_extension_round_trips()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.CreateUserAsync("erin@example.com", u =>
        {
            u["schemas"] = new JsonArray(ScimClient.UserSchema, ScimClient.EnterpriseSchema);
            u[ScimClient.EnterpriseSchema] = new JsonObject { ["employeeNumber"] = "701984", ["department"] = "R&D" };
        });

        var read = (await scim.GetAsync($"/Users/{created["id"]}")).Json;
        Assert.Equal("701984", (string)read[ScimClient.EnterpriseSchema]!["employeeNumber"]!);
        Assert.Contains(ScimClient.EnterpriseSchema, read["schemas"]!.AsArray().Select(s => (string)s!));
    }

    [Theory]
    [InlineData("frank@example.com")]
    [InlineData("FRANK@EXAMPLE.COM")]
    public async Task A_duplicate_userName_is_409_uniqueness_in_any_case(string duplicate)
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("frank@example.com");

        var response = await scim.PostAsync("/Users", ScimClient.NewUser(duplicate));

        Assert.Equal("uniqueness", response.AssertError(HttpStatusCode.Conflict));
        var list = await scim.GetAsync("/Users");
        Assert.Equal(1, (int)list.Json["totalResults"]!);
    }

    [Fact]
    public async Task The_same_userName_is_allowed_in_two_tenants()
    {
        var first = await factory.CreateTenantAsync();
        var second = await factory.CreateTenantAsync();
        await first.CreateUserAsync("shared@example.com");
        await second.CreateUserAsync("shared@example.com");
    }

    [Fact]
    public async Task Put_replaces_the_user_clears_omitted_attributes_and_ignores_read_only_input()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.CreateUserAsync("gina@example.com", u => u["title"] = "Engineer");
        var id = (string)created["id"]!;

        // Okta echoes read-only data back, with non-ISO dates.
        var replacement = ScimClient.NewUser("gina@example.com");
        replacement["id"] = "some-other-id";
        replacement["meta"] = new JsonObject { ["created"] = "04-12-2018 00:00:00", ["version"] = "v1.0" };
        replacement["groups"] = new JsonArray();
        replacement["name"]!["familyName"] = "Changed";
        replacement["active"] = false;
        var response = await scim.PutAsync($"/Users/{id}", replacement);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var read = (await scim.GetAsync($"/Users/{id}")).Json;
        Assert.Equal(id, (string)read["id"]!);
        Assert.Equal("Changed", (string)read["name"]!["familyName"]!);
        Assert.False((bool)read["active"]!);
        Assert.Null(read["title"]);
        Assert.NotEqual((string)created["meta"]!["version"]!, (string)read["meta"]!["version"]!);
        Assert.Equal((string)created["meta"]!["created"]!, (string)read["meta"]!["created"]!);
    }

    [Fact]
    public async Task Put_of_an_identical_resource_keeps_the_version()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.CreateUserAsync("hank@example.com");

        var response = await scim.PutAsync($"/Users/{created["id"]}", ScimClient.NewUser("hank@example.com"));

        Assert.Equal((string)created["meta"]!["version"]!, (string)response.Json["meta"]!["version"]!);
    }

    [Fact]
    public async Task Put_to_an_unknown_id_is_404_and_creates_nothing()
    {
        var scim = await factory.CreateTenantAsync();
        var response = await scim.PutAsync("/Users/does-not-exist", ScimClient.NewUser("ivy@example.com"));

        response.AssertError(HttpStatusCode.NotFound);
        Assert.Equal(0, (int)(await scim.GetAsync("/Users")).Json["totalResults"]!);
    }

    [Fact]
    public async Task Put_taking_another_users_userName_is_409_and_changes_nothing()
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("jack@example.com");
        var jill = await scim.CreateUserAsync("jill@example.com");

        var response = await scim.PutAsync($"/Users/{jill["id"]}", ScimClient.NewUser("JACK@example.com"));

        Assert.Equal("uniqueness", response.AssertError(HttpStatusCode.Conflict));
        Assert.Equal("jill@example.com", (string)(await scim.GetAsync($"/Users/{jill["id"]}")).Json["userName"]!);
    }

    [Fact]
    public async Task Delete_answers_204_and_the_user_is_gone()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.CreateUserAsync("kim@example.com");

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{created["id"]}")).Status);
        (await scim.GetAsync($"/Users/{created["id"]}")).AssertError(HttpStatusCode.NotFound);
        (await scim.DeleteAsync($"/Users/{created["id"]}")).AssertError(HttpStatusCode.NotFound);
        await scim.CreateUserAsync("kim@example.com");
    }

    [Theory]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"name":{"givenName":"No"}}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":""}""", "invalidValue")]
    [InlineData("""{"userName":"x@example.com"}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"userName":"x@example.com"}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x@example.com","active":"banana"}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x@example.com","name":"not-an-object"}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":42}""", null)]
    public async Task Invalid_users_are_refused_with_400_and_nothing_is_written(string body, string? scimType)
    {
        var scim = await factory.CreateTenantAsync();
        var response = await scim.SendAsync(HttpMethod.Post, "/Users", body);

        if (scimType is null)
        {
            // A number where a string belongs is kept verbatim as text (Entra: "store values exactly as sent").
            Assert.Equal(HttpStatusCode.Created, response.Status);
            Assert.Equal("42", (string)response.Json["userName"]!);
            return;
        }
        Assert.Equal(scimType, response.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal(0, (int)(await scim.GetAsync("/Users")).Json["totalResults"]!);
    }

    [Fact]
    public async Task Entra_string_booleans_are_read_as_booleans()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.CreateUserAsync("lee@example.com", u => u["active"] = "False");

        Assert.False((bool)created["active"]!);
    }
}
