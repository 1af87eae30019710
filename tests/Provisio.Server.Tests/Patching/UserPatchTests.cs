using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Patching;

/// <summary>PATCH /Users/{id} over HTTP: status codes, error bodies, versions, and what is stored afterwards.</summary>
public sealed class UserPatchTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Patch_answers_200_with_the_whole_user_and_a_new_version()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.PostAsync("/Users", ScimClient.NewUser("alice@example.com"));
        var id = (string)created.Json["id"]!;

        var patched = await scim.PatchAsync($"/Users/{id}", """[{ "op": "replace", "path": "title", "value": "Tour Guide" }]""");

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("application/scim+json", patched.ContentType);
        Assert.Equal(id, (string)patched.Json["id"]!);
        Assert.Equal("alice@example.com", (string)patched.Json["userName"]!);
        Assert.Equal("Tour Guide", (string)patched.Json["title"]!);
        Assert.NotEqual(created.Version(), patched.Version());
        var read = await scim.GetAsync($"/Users/{id}");
        Assert.Equal("Tour Guide", (string)read.Json["title"]!);
        Assert.Equal(patched.Version(), read.Version());
    }

    [Fact]
    public async Task Patch_with_empty_operations_answers_200_and_keeps_the_version()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.PostAsync("/Users", ScimClient.NewUser("bob@example.com"));
        var id = (string)created.Json["id"]!;

        var patched = await scim.PatchAsync($"/Users/{id}", "[]");

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(created.Version(), patched.Version());
        Assert.Equal((string)created.Json["meta"]!["lastModified"]!, (string)patched.Json["meta"]!["lastModified"]!);
        Assert.Equal(created.Version(), await scim.VersionOfAsync($"/Users/{id}"));
    }

    [Fact]
    public async Task Patch_that_sets_the_values_already_stored_keeps_the_version()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.PostAsync("/Users", ScimClient.NewUser("carol@example.com"));
        var id = (string)created.Json["id"]!;

        var patched = await scim.PatchAsync($"/Users/{id}", """
            [
              { "op": "replace", "path": "name.givenName", "value": "Given" },
              { "op": "Replace", "path": "active", "value": "True" },
              { "op": "add", "path": "emails", "value": [{ "value": "carol@example.com", "type": "work", "primary": true }] },
              { "op": "remove", "path": "nickName" }
            ]
            """);

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(created.Version(), patched.Version());
        Assert.Single(patched.Json["emails"]!.AsArray());
    }

    [Fact]
    public async Task Patch_of_an_unknown_user_is_404()
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.PatchAsync("/Users/010101001010101011001010101011", """[{ "op": "replace", "value": { "active": false } }]""");

        response.AssertError(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "Operations": [{ "op": "replace", "path": "title", "value": "x" }] }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"] }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "op": "move", "path": "title", "value": "x" }] }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "path": "title", "value": "x" }] }""")]
    public async Task A_body_that_is_not_a_PatchOp_is_400_invalidSyntax_and_changes_nothing(string body)
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.PostAsync("/Users", ScimClient.NewUser("dave@example.com"));
        var id = (string)created.Json["id"]!;

        var response = await scim.SendAsync(PatchRequests.Patch, $"/Users/{id}", body);

        Assert.Equal("invalidSyntax", response.AssertError(HttpStatusCode.BadRequest));
        var read = await scim.GetAsync($"/Users/{id}");
        Assert.Null(read.Json["title"]);
        Assert.Equal(created.Version(), read.Version());
    }

    [Fact]
    public async Task More_operations_than_MaxPatchOperations_is_400_tooMany()
    {
        using var small = new ProvisioFactory();
        small.Settings["Provisio:MaxPatchOperations"] = "3";
        var scim = await small.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("erin@example.com"))["id"]!;
        const string op = """{ "op": "add", "path": "nickName", "value": "E" }""";

        var four = await scim.PatchAsync($"/Users/{id}", $"[{op}, {op}, {op}, {op}]");
        var three = await scim.PatchAsync($"/Users/{id}", $"[{op}, {op}, {op}]");

        Assert.Equal("tooMany", four.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.OK, three.Status);
        Assert.Equal("E", (string)three.Json["nickName"]!);
    }

    [Theory]
    [InlineData("""[{ "op": "remove" }]""", "noTarget")]
    [InlineData("""[{ "op": "replace", "path": "emails[value sw \"nobody\"].type", "value": "home" }]""", "noTarget")]
    [InlineData("""[{ "op": "remove", "path": "userName" }]""", "mutability")]
    [InlineData("""[{ "op": "replace", "path": "id", "value": "forged" }]""", "mutability")]
    [InlineData("""[{ "op": "replace", "path": "meta.version", "value": "W/\"1\"" }]""", "mutability")]
    [InlineData("""[{ "op": "add", "path": "groups", "value": [{ "value": "forged" }] }]""", "mutability")]
    [InlineData("""[{ "op": "replace", "path": "name..givenName", "value": "x" }]""", "invalidPath")]
    [InlineData("""[{ "op": "replace", "path": "emails[type eq \"work\"", "value": "x" }]""", "invalidPath")]
    [InlineData("""[{ "op": "add", "path": "urn:ietf:params:scim:schemas:core:2.0:User:shoeSize", "value": "42" }]""", "invalidPath")]
    [InlineData("""[{ "op": "replace", "path": "active", "value": "banana" }]""", "invalidValue")]
    [InlineData("""[{ "op": "replace", "value": { "active": "banana" } }]""", "invalidValue")]
    public async Task A_patch_that_cannot_apply_is_a_scim_error_and_changes_nothing(string operations, string scimType)
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.PostAsync("/Users", ScimClient.NewUser("frank@example.com"));
        var id = (string)created.Json["id"]!;
        var before = await scim.GetAsync($"/Users/{id}");

        var response = await scim.PatchAsync($"/Users/{id}", operations);

        Assert.Equal(scimType, response.AssertError(HttpStatusCode.BadRequest));
        var after = await scim.GetAsync($"/Users/{id}");
        Assert.True(JsonNode.DeepEquals(before.Json, after.Json), $"The user changed: {before.Body} → {after.Body}");
    }

    [Fact]
    public async Task A_patch_whose_second_operation_fails_does_not_apply_the_first()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.PostAsync("/Users", ScimClient.NewUser("grace@example.com"));
        var id = (string)created.Json["id"]!;

        var response = await scim.PatchAsync($"/Users/{id}", """
            [
              { "op": "replace", "path": "userName", "value": "grace.hopper@example.com" },
              { "op": "replace", "path": "active", "value": "banana" }
            ]
            """);

        Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
        var read = await scim.GetAsync($"/Users/{id}");
        Assert.Equal("grace@example.com", (string)read.Json["userName"]!);
        Assert.Equal(created.Version(), read.Version());
        var found = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("userName eq \"grace.hopper@example.com\""));
        Assert.Equal(0, (int)found.Json["totalResults"]!);
    }

    [Fact]
    public async Task Changed_userName_and_active_are_found_by_filters_afterwards()
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("heidi@example.com"))["id"]!;

        var response = await scim.PatchAsync($"/Users/{id}", """
            [
              { "op": "Replace", "path": "userName", "value": "heidi.new@example.com" },
              { "op": "Replace", "path": "active", "value": "False" }
            ]
            """);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(System.Text.Json.JsonValueKind.False, response.Json["active"]!.GetValueKind());
        var byName = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("userName eq \"heidi.new@example.com\""));
        Assert.Equal(new[] { id }, byName.Ids);
        var inactive = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("active eq false"));
        Assert.Equal(new[] { id }, inactive.Ids);
        var oldName = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("userName eq \"heidi@example.com\""));
        Assert.Equal(0, (int)oldName.Json["totalResults"]!);
    }

    [Fact]
    public async Task Each_key_changed_alone_is_found_by_its_new_value_and_the_others_by_theirs()
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("ivy@example.com", u =>
        {
            u["displayName"] = "Ivy";
            u["externalId"] = "00uIvy";
        }))["id"]!;
        var keys = new Dictionary<string, string>
        {
            ["userName"] = "\"ivy@example.com\"",
            ["displayName"] = "\"Ivy\"",
            ["externalId"] = "\"00uIvy\"",
            ["active"] = "true",
        };
        (string Path, string Value)[] changes =
        [
            ("active", "false"), ("userName", "\"ivy.new@example.com\""), ("externalId", "\"00uIvyNew\""),
            ("displayName", "\"Ivy New\""), ("active", "true"), ("title", "\"Engineer\""),
        ];

        foreach (var (path, value) in changes)
        {
            var previous = keys.GetValueOrDefault(path);
            var response = await scim.PatchAsync($"/Users/{id}", $$"""[{ "op": "replace", "path": "{{path}}", "value": {{value}} }]""");
            Assert.Equal(HttpStatusCode.OK, response.Status);
            if (previous is not null)
            {
                keys[path] = value;
                var old = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString($"{path} eq {previous} and id eq \"{id}\""));
                Assert.Equal(0, (int)old.Json["totalResults"]!);
            }
            foreach (var (key, current) in keys)
            {
                var found = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString($"{key} eq {current}"));
                Assert.True(new[] { id }.SequenceEqual(found.Ids), $"after {path} = {value}, {key} eq {current} found [{string.Join(", ", found.Ids)}]");
            }
        }
    }

    [Fact]
    public async Task A_work_email_created_by_a_filtered_replace_is_found_by_Entras_matching_filter()
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("ola@example.com", u => u.Remove("emails")))["id"]!;

        var response = await scim.PatchAsync($"/Users/{id}", """[{ "op": "Replace", "path": "emails[type eq \"work\"].value", "value": "ola@work.example" }]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var email = Assert.Single(response.Json["emails"]!.AsArray())!;
        Assert.Equal("work", (string)email["type"]!);
        var found = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("emails[type eq \"work\"].value eq \"ola@work.example\""));
        Assert.Equal(new[] { id }, found.Ids);
    }

    [Fact]
    public async Task Patch_to_a_userName_another_user_has_is_409_uniqueness()
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("ivan@example.com");
        var judy = await scim.PostAsync("/Users", ScimClient.NewUser("judy@example.com"));
        var id = (string)judy.Json["id"]!;

        var response = await scim.PatchAsync($"/Users/{id}", """[{ "op": "replace", "path": "userName", "value": "IVAN@example.com" }]""");

        Assert.Equal("uniqueness", response.AssertError(HttpStatusCode.Conflict));
        Assert.Equal(judy.Version(), await scim.VersionOfAsync($"/Users/{id}"));
    }

    [Fact]
    public async Task Pathless_replace_ignores_id_meta_and_groups_in_its_value()
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("ken@example.com"))["id"]!;

        var response = await scim.PatchAsync($"/Users/{id}", """
            [{ "op": "replace", "value": { "id": "forged", "meta": { "version": "W/\"99\"" }, "groups": [{ "value": "forged" }], "displayName": "Ken" } }]
            """);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(id, (string)response.Json["id"]!);
        Assert.Equal("Ken", (string)response.Json["displayName"]!);
        Assert.Null(response.Json["groups"]);
        Assert.NotEqual("W/\"99\"", response.Version());
    }

    [Fact]
    public async Task A_new_primary_email_makes_the_old_one_non_primary()
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("leo@example.com"))["id"]!;

        var response = await scim.PatchAsync($"/Users/{id}", """[{ "op": "add", "path": "emails", "value": [{ "value": "leo@home.example", "type": "home", "primary": true }] }]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var emails = (await scim.GetAsync($"/Users/{id}")).Json["emails"]!.AsArray();
        Assert.Equal(2, emails.Count);
        var primary = Assert.Single(emails, e => (bool?)e!["primary"] == true);
        Assert.Equal("leo@home.example", (string)primary!["value"]!);
    }

    [Fact]
    public async Task Manager_as_a_bare_id_is_stored_as_manager_value_and_a_value_less_remove_clears_it()
    {
        var scim = await factory.CreateTenantAsync();
        var boss = (string)(await scim.CreateUserAsync("boss@example.com"))["id"]!;
        var id = (string)(await scim.CreateUserAsync("mia@example.com"))["id"]!;
        const string manager = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";

        var added = await scim.PatchAsync($"/Users/{id}", $$"""[{ "op": "Add", "path": "{{manager}}", "value": "{{boss}}" }, { "op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Retail" }]""");
        var afterAdd = await scim.GetAsync($"/Users/{id}");
        var removed = await scim.PatchAsync($"/Users/{id}", $$"""[{ "op": "Remove", "path": "{{manager}}" }]""");
        var afterRemove = await scim.GetAsync($"/Users/{id}");

        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal(boss, (string)afterAdd.Json[ScimClient.EnterpriseSchema]!["manager"]!["value"]!);
        Assert.Equal(HttpStatusCode.OK, removed.Status);
        Assert.Null(afterRemove.Json[ScimClient.EnterpriseSchema]!["manager"]);
        Assert.Equal("Retail", (string)afterRemove.Json[ScimClient.EnterpriseSchema]!["department"]!);
    }
}
