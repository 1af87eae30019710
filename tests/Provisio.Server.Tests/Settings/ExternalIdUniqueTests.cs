using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;
using static Provisio.Server.Tests.Bulk.BulkRequests;

namespace Provisio.Server.Tests.Settings;

/// <summary>externalIdUnique: a second user with a taken externalId is a 409 uniqueness, decided by the database (issue #14).</summary>
public sealed class ExternalIdUniqueTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Off_by_default_two_users_may_share_an_externalId()
    {
        var scim = await factory.CreateTenantAsync();

        await scim.CreateUserAsync("one@example.com", u => u["externalId"] = "00u1");
        var second = await scim.PostAsync("/Users", WithExternalId(ScimClient.NewUser("two@example.com"), "00u1"));

        Assert.Equal(HttpStatusCode.Created, second.Status);
    }

    [Fact]
    public async Task On_a_taken_externalId_is_refused_by_post_put_patch_and_bulk()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await admin.SetAsync(scim.TenantId!, """{"externalIdUnique": true}""");
        await scim.CreateUserAsync("taken@example.com", u => u["externalId"] = "00uTaken");
        var other = (string)(await scim.CreateUserAsync("other@example.com", u => u["externalId"] = "00uOther"))["id"]!;

        var post = await scim.PostAsync("/Users", WithExternalId(ScimClient.NewUser("dup@example.com"), "00uTaken"));
        Assert.Equal("uniqueness", post.AssertError(HttpStatusCode.Conflict));
        Assert.Contains("externalId", (string)post.Json["detail"]!, StringComparison.Ordinal);
        var put = await scim.PutAsync($"/Users/{other}", WithExternalId(ScimClient.NewUser("other@example.com"), "00uTaken"));
        Assert.Equal("uniqueness", put.AssertError(HttpStatusCode.Conflict));
        var patch = await scim.SendAsync(HttpMethod.Patch, $"/Users/{other}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"externalId","value":"00uTaken"}]}""");
        Assert.Equal("uniqueness", patch.AssertError(HttpStatusCode.Conflict));
        var bulk = await SendAsync(scim, Request(PostUser("b1", "bulk@example.com", u => u["externalId"] = "00uTaken")));
        Assert.Equal("409", (string)bulk[0]["status"]!);
        Assert.Equal("uniqueness", (string)bulk[0]["response"]!["scimType"]!);

        // Case matters (externalId is caseExact), and a user keeps its own externalId through a PUT.
        Assert.Equal(HttpStatusCode.Created, (await scim.PostAsync("/Users", WithExternalId(ScimClient.NewUser("case@example.com"), "00UTAKEN"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await scim.PutAsync($"/Users/{other}", WithExternalId(ScimClient.NewUser("other@example.com"), "00uOther"))).Status);
        Assert.Equal(3, (int)(await scim.GetAsync("/Users?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task Of_two_concurrent_creates_with_one_externalId_exactly_one_wins()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await admin.SetAsync(scim.TenantId!, """{"externalIdUnique": true}""");

        for (var round = 0; round < 5; round++)
        {
            var externalId = $"00uRace{round}";
            var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
                scim.PostAsync("/Users", WithExternalId(ScimClient.NewUser($"race{round}.{i}@example.com"), externalId))));

            Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
            Assert.Equal("uniqueness", responses.Single(r => r.Status != HttpStatusCode.Created).AssertError(HttpStatusCode.Conflict));
            var found = await scim.GetAsync($"/Users?filter={Uri.EscapeDataString($"externalId eq \"{externalId}\"")}");
            Assert.Equal(1, (int)found.Json["totalResults"]!);
        }
    }

    [Fact]
    public async Task Turning_it_on_while_users_share_an_externalId_is_a_409_naming_them_and_changes_nothing()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await scim.CreateUserAsync("a@example.com", u => u["externalId"] = "00uShared");
        await scim.CreateUserAsync("b@example.com", u => u["externalId"] = "00uShared");
        await scim.CreateUserAsync("c@example.com", u => u["externalId"] = "00uAlone");

        var refused = await admin.PatchAsync(SettingsApi.Path(scim.TenantId!), """{"externalIdUnique": true, "staleAfterHours": 2}""");

        var detail = refused.AssertProblem(HttpStatusCode.Conflict);
        Assert.Contains("'00uShared'", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("00uAlone", detail, StringComparison.Ordinal);
        var settings = await admin.SettingsAsync(scim.TenantId!);
        Assert.False((bool)settings["externalIdUnique"]!);
        Assert.Equal(24, (int)settings["staleAfterHours"]!);
        Assert.Equal(HttpStatusCode.Created, (await scim.PostAsync("/Users", WithExternalId(ScimClient.NewUser("d@example.com"), "00uAlone"))).Status);
    }

    [Fact]
    public async Task Turned_on_it_claims_existing_externalIds_and_turned_off_it_lets_them_go()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await scim.CreateUserAsync("existing@example.com", u => u["externalId"] = "00uExisting");
        await admin.SetAsync(scim.TenantId!, """{"externalIdUnique": true}""");

        var refused = await scim.PostAsync("/Users", WithExternalId(ScimClient.NewUser("late@example.com"), "00uExisting"));
        Assert.Equal("uniqueness", refused.AssertError(HttpStatusCode.Conflict));

        await admin.SetAsync(scim.TenantId!, """{"externalIdUnique": false}""");
        Assert.Equal(HttpStatusCode.Created, (await scim.PostAsync("/Users", WithExternalId(ScimClient.NewUser("late@example.com"), "00uExisting"))).Status);
    }

    [Fact]
    public async Task A_user_keeps_its_externalId_through_other_changes_and_frees_it_when_it_changes()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await admin.SetAsync(scim.TenantId!, """{"externalIdUnique": true}""");
        var id = (string)(await scim.CreateUserAsync("keeper@example.com", u => u["externalId"] = "00uKept"))["id"]!;

        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{id}", """[{ "op": "replace", "path": "active", "value": false }]""")).Status);
        var refused = await scim.PostAsync("/Users", WithExternalId(ScimClient.NewUser("taker@example.com"), "00uKept"));
        Assert.Equal("uniqueness", refused.AssertError(HttpStatusCode.Conflict));

        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{id}", """[{ "op": "replace", "path": "externalId", "value": "00uNew" }]""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await scim.PostAsync("/Users", WithExternalId(ScimClient.NewUser("taker@example.com"), "00uKept"))).Status);
        var second = await scim.PostAsync("/Users", WithExternalId(ScimClient.NewUser("late@example.com"), "00uNew"));
        Assert.Equal("uniqueness", second.AssertError(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Groups_may_share_an_externalId_and_a_deleted_user_frees_its_own()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await admin.SetAsync(scim.TenantId!, """{"externalIdUnique": true}""");
        foreach (var name in new[] { "Engineering", "Sales" })
        {
            var group = ScimClient.NewGroup(name);
            group["externalId"] = "00gShared";
            Assert.Equal(HttpStatusCode.Created, (await scim.PostAsync("/Groups", group)).Status);
        }
        var leaver = (string)(await scim.CreateUserAsync("leaver@example.com", u => u["externalId"] = "00uReused"))["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{leaver}")).Status);

        Assert.Equal(HttpStatusCode.Created, (await scim.PostAsync("/Users", WithExternalId(ScimClient.NewUser("joiner@example.com"), "00uReused"))).Status);
    }

    private static JsonObject WithExternalId(JsonObject user, string externalId)
    {
        user["externalId"] = externalId;
        return user;
    }
}
