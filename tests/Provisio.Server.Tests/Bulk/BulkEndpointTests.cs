using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;
using static Provisio.Server.Tests.Bulk.BulkRequests;

namespace Provisio.Server.Tests.Bulk;

public sealed class BulkEndpointTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task A_group_listed_before_the_users_it_references_is_created_after_them_with_their_ids()
    {
        var scim = await factory.CreateTenantAsync();
        var group = ScimClient.NewGroup("Tour Guides");
        group["members"] = new JsonArray(new JsonObject { ["value"] = "bulkId:alice" }, new JsonObject { ["value"] = "bulkId:bob" });

        var results = await SendAsync(scim, Request(
            Operation("POST", "/Groups", group, "guides"),
            PostUser("alice", "alice@example.com"),
            PostUser("bob", "bob@example.com")));

        Assert.Equal(["guides", "alice", "bob"], results.Select(r => (string)r["bulkId"]!));
        Assert.All(results, r => Assert.Equal("201", (string)r["status"]!));
        Assert.All(results, r => Assert.Equal("POST", (string)r["method"]!));
        Assert.All(results, r => Assert.StartsWith("W/\"", (string)r["version"]!, StringComparison.Ordinal));
        Assert.StartsWith($"http://localhost{scim.BasePath}/Groups/", (string)results[0]["location"]!, StringComparison.Ordinal);
        var userIds = results.Skip(1).Select(IdFromLocation).ToHashSet();
        var stored = await scim.GetAsync($"/Groups/{IdFromLocation(results[0])}");
        Assert.Equal(userIds, stored.Json["members"]!.AsArray().Select(m => (string)m!["value"]!).ToHashSet());
        var alice = await scim.GetAsync($"/Users/{IdFromLocation(results[1])}");
        Assert.Equal("alice@example.com", (string)alice.Json["userName"]!);
        Assert.Equal((string)results[0]["version"]!, stored.Headers.ETag!.ToString());
        // Alice's version moved on after her create: the group created after her added her to its members (her groups).
        Assert.NotEqual((string)results[1]["version"]!, alice.Headers.ETag!.ToString());
        Assert.Equal([IdFromLocation(results[0])], alice.Json["groups"]!.AsArray().Select(g => (string)g!["value"]!));
    }

    [Fact]
    public async Task Put_patch_and_delete_run_on_existing_resources_with_their_statuses()
    {
        var scim = await factory.CreateTenantAsync();
        var carol = (string)(await scim.CreateUserAsync("carol@example.com"))["id"]!;
        var dave = (string)(await scim.CreateUserAsync("dave@example.com"))["id"]!;
        var erin = (string)(await scim.CreateUserAsync("erin@example.com"))["id"]!;
        var replacement = ScimClient.NewUser("carol@example.com");
        replacement["title"] = "Captain";

        var results = await SendAsync(scim, Request(
            Operation("PUT", $"/Users/{carol}", replacement),
            Operation("PATCH", $"/Users/{dave}", PatchOp(new JsonObject { ["op"] = "replace", ["value"] = new JsonObject { ["active"] = false } })),
            Operation("DELETE", $"/Users/{erin}")));

        Assert.Equal(["200", "200", "204"], results.Select(r => (string)r["status"]!));
        Assert.Equal(["PUT", "PATCH", "DELETE"], results.Select(r => (string)r["method"]!));
        Assert.Equal([carol, dave, erin], results.Select(IdFromLocation));
        Assert.Equal("Captain", (string)(await scim.GetAsync($"/Users/{carol}")).Json["title"]!);
        Assert.False((bool)(await scim.GetAsync($"/Users/{dave}")).Json["active"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync($"/Users/{erin}")).Status);
    }

    [Fact]
    public async Task A_patch_can_target_a_resource_created_earlier_in_the_request_by_its_bulk_id()
    {
        var scim = await factory.CreateTenantAsync();
        var alice = (string)(await scim.CreateUserAsync("alice@example.com"))["id"]!;

        var results = await SendAsync(scim, Request(
            Operation("PATCH", "/Groups/bulkId:team", PatchOp(new JsonObject { ["op"] = "add", ["path"] = "members", ["value"] = new JsonArray(new JsonObject { ["value"] = alice }) })),
            Operation("POST", "/Groups", ScimClient.NewGroup("Team"), "team")));

        Assert.Equal(["200", "201"], results.Select(r => (string)r["status"]!));
        var group = await scim.GetAsync($"/Groups/{IdFromLocation(results[1])}");
        Assert.Equal(alice, (string)group.Json["members"]![0]!["value"]!);
    }

    [Fact]
    public async Task Circular_references_are_refused_with_409_and_create_nothing()
    {
        var scim = await factory.CreateTenantAsync();
        const string enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

        var results = await SendAsync(scim, Request(
            PostUser("a", "a@example.com", u => u[enterprise] = new JsonObject { ["manager"] = new JsonObject { ["value"] = "bulkId:b" } }),
            PostUser("b", "b@example.com", u => u[enterprise] = new JsonObject { ["manager"] = new JsonObject { ["value"] = "bulkId:a" } }),
            PostUser("c", "c@example.com")));

        Assert.Equal(["409", "409", "201"], results.Select(r => (string)r["status"]!));
        Assert.Contains("circular", (string)results[0]["response"]!["detail"]!, StringComparison.Ordinal);
        Assert.Contains("a → b → a", (string)results[0]["response"]!["detail"]!, StringComparison.Ordinal);
        Assert.Equal("409", (string)results[0]["response"]!["status"]!);
        Assert.Null(results[0]["location"]);
        Assert.Equal(1, (int)(await scim.GetAsync("/Users?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task A_reference_to_an_undefined_bulk_id_is_400_invalid_value()
    {
        var scim = await factory.CreateTenantAsync();
        var group = ScimClient.NewGroup("Ghosts");
        group["members"] = new JsonArray(new JsonObject { ["value"] = "bulkId:nobody" });

        var results = await SendAsync(scim, Request(Operation("POST", "/Groups", group, "ghosts")));

        Assert.Equal("400", (string)results[0]["status"]!);
        Assert.Equal("invalidValue", (string)results[0]["response"]!["scimType"]!);
        Assert.Equal(0, (int)(await scim.GetAsync("/Groups?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task A_ring_of_a_thousand_long_bulk_ids_is_refused_with_a_response_of_bounded_size()
    {
        var scim = await factory.CreateTenantAsync();
        static string Name(int i) => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + new string('r', 396);
        var ring = Enumerable.Range(0, 1000).Select(i =>
        {
            var group = ScimClient.NewGroup($"Ring {i}");
            group["members"] = new JsonArray(new JsonObject { ["value"] = "bulkId:" + Name((i + 1) % 1000) });
            return Operation("POST", "/Groups", group, Name(i));
        });
        var request = Request([.. ring]);

        var response = await scim.PostAsync("/Bulk", request);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var results = response.Json["Operations"]!.AsArray();
        Assert.All(results, r => Assert.Equal("409", (string)r!["status"]!));
        // Each result echoes its bulkId (RFC 7644 §3.7.3) plus a detail of bounded size: about the request's size, not its square.
        Assert.InRange(response.Body.Length, 1, 2 * request.ToJsonString().Length);
        Assert.Equal(0, (int)(await scim.GetAsync("/Groups?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task A_post_without_a_bulk_id_is_400_for_that_operation_and_the_others_still_run()
    {
        var scim = await factory.CreateTenantAsync();

        var results = await SendAsync(scim, Request(
            Operation("POST", "/Users", ScimClient.NewUser("anonymous@example.com")),
            PostUser("named", "named@example.com")));

        Assert.Equal(["400", "201"], results.Select(r => (string)r["status"]!));
        Assert.Equal("invalidValue", (string)results[0]["response"]!["scimType"]!);
        Assert.Equal(1, (int)(await scim.GetAsync("/Users?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task An_operation_that_refers_to_a_failed_one_fails_with_409_and_the_others_still_run()
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("taken@example.com");
        var group = ScimClient.NewGroup("Depends");
        group["members"] = new JsonArray(new JsonObject { ["value"] = "bulkId:dup" });

        var results = await SendAsync(scim, Request(
            PostUser("dup", "TAKEN@example.com"),
            Operation("POST", "/Groups", group, "depends"),
            PostUser("fine", "fine@example.com")));

        Assert.Equal(["409", "409", "201"], results.Select(r => (string)r["status"]!));
        Assert.Equal("uniqueness", (string)results[0]["response"]!["scimType"]!);
        Assert.Contains("bulkId:dup", (string)results[1]["response"]!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(0, (int)(await scim.GetAsync("/Groups?count=0")).Json["totalResults"]!);
        Assert.Equal(2, (int)(await scim.GetAsync("/Users?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task Fail_on_errors_stops_after_that_many_errors_and_reports_only_what_ran()
    {
        var scim = await factory.CreateTenantAsync();
        var request = Request(
            Operation("DELETE", "/Users/missing-1"),
            PostUser("one", "one@example.com"),
            Operation("DELETE", "/Users/missing-2"),
            PostUser("two", "two@example.com"));
        request["failOnErrors"] = 2;

        var results = await SendAsync(scim, request);

        Assert.Equal(["404", "201", "404"], results.Select(r => (string)r["status"]!));
        Assert.Equal(1, (int)(await scim.GetAsync("/Users?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task Each_operation_is_its_own_transaction_so_a_later_failure_keeps_earlier_writes()
    {
        var scim = await factory.CreateTenantAsync();

        var results = await SendAsync(scim, Request(
            PostUser("kept", "kept@example.com"),
            Operation("POST", "/Users", new JsonObject { ["schemas"] = new JsonArray(ScimClient.UserSchema) }, "broken")));

        Assert.Equal(["201", "400"], results.Select(r => (string)r["status"]!));
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/Users/{IdFromLocation(results[0])}")).Status);
    }

    [Fact]
    public async Task A_stale_version_is_412_for_that_operation_only()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("versioned@example.com");
        var id = (string)user["id"]!;
        var current = (string)user["meta"]!["version"]!;
        var patch = PatchOp(new JsonObject { ["op"] = "replace", ["path"] = "title", ["value"] = "New" });

        var results = await SendAsync(scim, Request(
            Operation("PATCH", $"/Users/{id}", patch, version: "W/\"999\""),
            Operation("PATCH", $"/Users/{id}", (JsonObject)patch.DeepClone(), version: current)));

        Assert.Equal(["412", "200"], results.Select(r => (string)r["status"]!));
        Assert.NotEqual(current, (string)results[1]["version"]!);
    }

    [Theory]
    [InlineData("POST", "/Users/abc")]
    [InlineData("POST", "/Widgets")]
    [InlineData("PATCH", "/Users")]
    [InlineData("DELETE", "/Users/a/b")]
    public async Task A_path_that_does_not_fit_the_method_is_400_invalid_path_for_that_operation(string method, string path)
    {
        var scim = await factory.CreateTenantAsync();
        var data = method == "PATCH" ? PatchOp() : method == "POST" ? ScimClient.NewUser("p@example.com") : null;

        var results = await SendAsync(scim, Request(Operation(method, path, data, method == "POST" ? "p" : null), PostUser("ok", "ok@example.com")));

        Assert.Equal("400", (string)results[0]["status"]!);
        Assert.Equal("invalidPath", (string)results[0]["response"]!["scimType"]!);
        Assert.Equal("201", (string)results[1]["status"]!);
    }

    [Fact]
    public async Task Operations_cannot_reach_another_tenants_resources()
    {
        var mine = await factory.CreateTenantAsync();
        var theirs = await factory.CreateTenantAsync();
        var victim = (string)(await theirs.CreateUserAsync("victim@example.com"))["id"]!;

        var results = await SendAsync(mine, Request(Operation("DELETE", $"/Users/{victim}")));

        Assert.Equal("404", (string)results[0]["status"]!);
        Assert.Equal(HttpStatusCode.OK, (await theirs.GetAsync($"/Users/{victim}")).Status);
    }

    public static TheoryData<string, string> MalformedRequests => new()
    {
        { """{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"]}""", "invalidSyntax" },
        { """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}""", "invalidSyntax" },
        { """{"Operations":[{"method":"GET","path":"/Users"}]}""", "invalidSyntax" },
        { """{"Operations":[{"method":"POST","bulkId":"x","data":{}}]}""", "invalidPath" },
        { """{"Operations":[{"method":"PUT","path":"/Users/1"}]}""", "invalidSyntax" },
        { """{"Operations":[{"method":"POST","path":"/Users","bulkId":"x","data":{"userName":"a"}},{"method":"POST","path":"/Users","bulkId":"x","data":{"userName":"b"}}]}""", "invalidValue" },
        { """{"failOnErrors":0,"Operations":[]}""", "invalidValue" },
        { """{"Operations":[42]}""", "invalidSyntax" },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task A_malformed_bulk_request_is_refused_whole_and_changes_nothing(string body, string scimType)
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.SendAsync(HttpMethod.Post, "/Bulk", body);

        Assert.Equal(scimType, response.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal(0, (int)(await scim.GetAsync("/Users?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task An_empty_operations_list_is_an_empty_response()
    {
        var scim = await factory.CreateTenantAsync();

        Assert.Empty(await SendAsync(scim, Request()));
    }

    [Fact]
    public async Task Bulk_needs_a_token()
    {
        var scim = await factory.CreateTenantAsync();

        (await scim.WithToken(null).PostAsync("/Bulk", Request())).AssertError(HttpStatusCode.Unauthorized);
    }
}
