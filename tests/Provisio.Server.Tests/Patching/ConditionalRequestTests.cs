using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Patching;

/// <summary>RFC 7644 §3.14: meta.version is the ETag, If-Match guards writes, If-None-Match saves reads.</summary>
public sealed class ConditionalRequestTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task The_etag_header_is_meta_version_on_post_get_put_and_patch()
    {
        var scim = await factory.CreateTenantAsync();

        var created = await scim.PostAsync("/Users", ScimClient.NewUser("alice@example.com"));
        var id = (string)created.Json["id"]!;
        var read = await scim.GetAsync($"/Users/{id}");
        var replacement = ScimClient.NewUser("alice@example.com");
        replacement["title"] = "Put";
        var replaced = await scim.PutAsync($"/Users/{id}", replacement);
        var patched = await scim.PatchAsync($"/Users/{id}", """[{ "op": "replace", "path": "title", "value": "Patched" }]""");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        string[] versions = [created.Version(), read.Version(), replaced.Version(), patched.Version()];
        Assert.Equal(versions[0], versions[1]);
        Assert.Equal(3, versions.Distinct().Count());
        Assert.All(versions, v => Assert.StartsWith("W/\"", v));
    }

    [Fact]
    public async Task The_etag_header_is_meta_version_on_group_responses()
    {
        var scim = await factory.CreateTenantAsync();
        var user = (string)(await scim.CreateUserAsync("bob@example.com"))["id"]!;

        var created = await scim.PostAsync("/Groups", ScimClient.NewGroup("Team"));
        var id = (string)created.Json["id"]!;
        var patched = await scim.PatchAsync($"/Groups/{id}", $$"""[{ "op": "add", "path": "members", "value": [{ "value": "{{user}}" }] }]""");
        var read = await scim.GetAsync($"/Groups/{id}");

        Assert.NotEqual(created.Version(), patched.Version());
        Assert.Equal(patched.Version(), read.Version());
    }

    public static TheoryData<string> Writes => new() { "PUT", "PATCH", "DELETE" };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_with_a_stale_If_Match_is_412_and_changes_nothing(string method)
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.PostAsync("/Users", ScimClient.NewUser("carol@example.com"));
        var id = (string)created.Json["id"]!;
        var stale = created.Version();
        var changed = await scim.PatchAsync($"/Users/{id}", """[{ "op": "replace", "path": "title", "value": "Current" }]""");
        Assert.NotEqual(stale, changed.Version());

        var response = await SendAsync(scim, method, id, "If-Match", stale);

        response.AssertError(HttpStatusCode.PreconditionFailed);
        var read = await scim.GetAsync($"/Users/{id}");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("Current", (string)read.Json["title"]!);
        Assert.Equal(changed.Version(), read.Version());
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_with_the_current_If_Match_succeeds(string method)
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.PostAsync("/Users", ScimClient.NewUser("dave@example.com"));
        var id = (string)created.Json["id"]!;

        var response = await SendAsync(scim, method, id, "If-Match", created.Version());

        Assert.Equal(method == "DELETE" ? HttpStatusCode.NoContent : HttpStatusCode.OK, response.Status);
        await AssertWrittenAsync(scim, method, id);
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_with_If_Match_star_succeeds(string method)
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("erin@example.com"))["id"]!;

        var response = await SendAsync(scim, method, id, "If-Match", "*");

        Assert.Equal(method == "DELETE" ? HttpStatusCode.NoContent : HttpStatusCode.OK, response.Status);
        await AssertWrittenAsync(scim, method, id);
    }

    [Fact]
    public async Task A_strong_form_of_the_current_version_also_matches()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.PostAsync("/Users", ScimClient.NewUser("frank@example.com"));
        var id = (string)created.Json["id"]!;

        var response = await SendAsync(scim, "PATCH", id, "If-Match", created.Version()["W/".Length..]);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task A_group_membership_patch_with_a_stale_If_Match_is_412_and_keeps_the_members()
    {
        var scim = await factory.CreateTenantAsync();
        var alice = (string)(await scim.CreateUserAsync("alice@example.com"))["id"]!;
        var bob = (string)(await scim.CreateUserAsync("bob@example.com"))["id"]!;
        var created = await scim.PostAsync("/Groups", ScimClient.NewGroup("Team", alice));
        var id = (string)created.Json["id"]!;
        await scim.PatchAsync($"/Groups/{id}", """[{ "op": "replace", "path": "displayName", "value": "Team 2" }]""");

        var response = await scim.SendWithHeaderAsync(PatchRequests.Patch, $"/Groups/{id}",
            PatchRequests.Body($$"""[{ "op": "replace", "path": "members", "value": [{ "value": "{{bob}}" }] }]"""), "If-Match", created.Version());

        response.AssertError(HttpStatusCode.PreconditionFailed);
        Assert.Equal(new[] { alice }, (await scim.GetAsync($"/Groups/{id}")).Json.Ids("members"));
    }

    [Fact]
    public async Task Get_with_If_None_Match_of_the_current_version_is_304()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.PostAsync("/Users", ScimClient.NewUser("grace@example.com"));
        var id = (string)created.Json["id"]!;

        var response = await scim.SendWithHeaderAsync(HttpMethod.Get, $"/Users/{id}", null, "If-None-Match", created.Version());

        Assert.Equal(HttpStatusCode.NotModified, response.Status);
        Assert.Equal("", response.Body);
        Assert.Equal(created.Version(), response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Get_with_If_None_Match_of_an_old_version_is_200_with_the_current_resource()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await scim.PostAsync("/Users", ScimClient.NewUser("heidi@example.com"));
        var id = (string)created.Json["id"]!;
        var patched = await scim.PatchAsync($"/Users/{id}", """[{ "op": "replace", "path": "title", "value": "New" }]""");

        var response = await scim.SendWithHeaderAsync(HttpMethod.Get, $"/Users/{id}", null, "If-None-Match", created.Version());

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("New", (string)response.Json["title"]!);
        Assert.Equal(patched.Version(), response.Version());
    }

    private static Task<ScimResponse> SendAsync(ScimClient scim, string method, string id, string header, string value) => method switch
    {
        "PUT" => scim.SendWithHeaderAsync(HttpMethod.Put, $"/Users/{id}", ScimClient.NewUser("renamed@example.com").ToJsonString(), header, value),
        "PATCH" => scim.SendWithHeaderAsync(PatchRequests.Patch, $"/Users/{id}", PatchRequests.Body("""[{ "op": "replace", "path": "title", "value": "Patched" }]"""), header, value),
        _ => scim.SendWithHeaderAsync(HttpMethod.Delete, $"/Users/{id}", null, header, value),
    };

    /// <summary>Checks that the write <see cref="SendAsync"/> sent took effect.</summary>
    private static async Task AssertWrittenAsync(ScimClient scim, string method, string id)
    {
        var read = await scim.GetAsync($"/Users/{id}");
        switch (method)
        {
            case "PUT":
                Assert.Equal("renamed@example.com", (string)read.Json["userName"]!);
                break;
            case "PATCH":
                Assert.Equal("Patched", (string)read.Json["title"]!);
                break;
            default:
                read.AssertError(HttpStatusCode.NotFound);
                break;
        }
    }
}
