using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

/// <summary>
/// Issue #10: duplicate values of a multi-valued attribute are merged on every write (RFC 7643 §2.4), and a
/// multi-valued attribute holds at most 1,000 values, except a group's members.
/// </summary>
public sealed class MultiValuedInputTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const int Limit = 1_000;

    [Fact]
    public async Task Post_and_put_merge_duplicate_type_and_value_pairs()
    {
        var scim = await factory.CreateTenantAsync();
        var body = ScimClient.NewUser("dup-emails@example.com");
        body["emails"] = JsonNode.Parse("""
            [
              { "value": "dup-emails@example.com", "type": "work" },
              { "value": "DUP-emails@example.com", "type": "work", "primary": true },
              { "value": "dup@home.example", "type": "home" }
            ]
            """);

        var created = await scim.PostAsync("/Users", body);
        var replaced = await scim.PutAsync($"/Users/{created.Json["id"]}", body);

        foreach (var response in new[] { created, replaced, await scim.GetAsync($"/Users/{created.Json["id"]}") })
        {
            var emails = response.Json["emails"]!.AsArray();
            Assert.Equal(2, emails.Count);
            Assert.Equal("dup-emails@example.com", (string?)emails[0]!["value"]);
            Assert.True((bool?)emails[0]!["primary"]);
        }
    }

    [Fact]
    public async Task More_than_1000_emails_are_400_invalidValue_on_post_put_and_patch()
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("many-emails@example.com"))["id"]!;
        var body = ScimClient.NewUser("many-emails-new@example.com");
        body["emails"] = Emails(Limit + 1);

        var posted = await scim.PostAsync("/Users", body);
        var put = await scim.PutAsync($"/Users/{id}", body);
        var patched = await scim.PatchAsync($"/Users/{id}", $$"""[{ "op": "add", "path": "emails", "value": {{Emails(Limit + 1).ToJsonString()}} }]""");

        foreach (var response in new[] { posted, put, patched })
        {
            Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
            Assert.Contains("emails", (string?)response.Json["detail"], StringComparison.Ordinal);
            Assert.Contains("1000", (string?)response.Json["detail"], StringComparison.Ordinal);
        }
        Assert.Equal(0, (int)(await scim.GetAsync("/Users?filter=userName eq \"many-emails-new@example.com\"")).Json["totalResults"]!);
        Assert.Null((await scim.GetAsync($"/Users/{id}")).Json["emails"]?.AsArray().Skip(1).FirstOrDefault());
    }

    [Fact]
    public async Task A_patch_result_over_the_limit_is_refused_though_each_add_is_small()
    {
        var scim = await factory.CreateTenantAsync();
        var body = ScimClient.NewUser("grow-emails@example.com");
        body["emails"] = Emails(Limit);
        var created = await scim.PostAsync("/Users", body);

        var patched = await scim.PatchAsync($"/Users/{created.Json["id"]}", """[{ "op": "add", "path": "emails", "value": [{ "value": "one-more@example.com" }] }]""");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("invalidValue", patched.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal(Limit, (await scim.GetAsync($"/Users/{created.Json["id"]}")).Json["emails"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_group_may_be_created_with_more_than_1000_members()
    {
        var scim = await factory.CreateTenantAsync();
        var users = new List<string>();
        for (var i = 0; i < Limit + 1; i++)
        {
            users.Add((string)(await scim.CreateUserAsync($"member{i}@example.com"))["id"]!);
        }

        var created = await scim.PostAsync("/Groups", ScimClient.NewGroup("Everyone", [.. users]));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(Limit + 1, created.Json["members"]!.AsArray().Count);
    }

    private static JsonArray Emails(int count) =>
        new([.. Enumerable.Range(0, count).Select(i => new JsonObject { ["value"] = $"u{i}@example.com", ["type"] = "other" })]);
}
