using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

/// <summary>
/// Lists and searches show every member of every group (and every group of every user) without holding them all in
/// memory: past <c>Provisio:ListMembershipBufferLimit</c> entries a page streams them resource by resource.
/// </summary>
public sealed class LargeGroupListTests
{
    [Fact]
    public async Task Lists_and_searches_over_the_membership_limit_show_every_member_and_group()
    {
        using var factory = new ProvisioFactory { Settings = { ["Provisio:ListMembershipBufferLimit"] = "10" } };
        var scim = await factory.CreateTenantAsync();
        var users = new List<string>();
        for (var i = 0; i < 15; i++)
        {
            users.Add((string)(await scim.CreateUserAsync($"user{i:D2}@example.com"))["id"]!);
        }
        var big = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            big.Add((string)(await scim.CreateGroupAsync($"Big {i}", [.. users]))["id"]!);
        }
        var nested = (string)(await scim.CreateGroupAsync("Nested", big[0], users[0]))["id"]!;

        var groups = await scim.GetAsync("/Groups?count=20");
        var cursorPage = await scim.GetAsync("/Groups?cursor&count=2");
        var projected = await scim.PostAsync("/Groups/.search", new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["filter"] = "displayName sw \"Big\"",
            ["attributes"] = new JsonArray("members.value"),
        });
        var everything = await scim.PostAsync("/.search", new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["count"] = 100,
        });

        Assert.Equal(4, (int)groups.Json["totalResults"]!);
        Assert.Equal(4, (int)groups.Json["itemsPerPage"]!);
        Assert.Equal(2, cursorPage.Json["Resources"]!.AsArray().Count);
        Assert.NotNull((string?)cursorPage.Json["nextCursor"]);
        Assert.Equal(19, (int)everything.Json["totalResults"]!);
        foreach (var listed in new[] { groups, cursorPage, everything }.SelectMany(r => r.Json["Resources"]!.AsArray()))
        {
            // Each listed resource is exactly what a GET of it shows.
            var path = $"/{((string)listed!["meta"]!["resourceType"]! == "Group" ? "Groups" : "Users")}/{listed["id"]}";
            Assert.True(JsonNode.DeepEquals((await scim.GetAsync(path)).Json, listed), $"{path}: {listed.ToJsonString()}");
        }
        var byId = groups.Json["Resources"]!.AsArray().ToDictionary(g => (string)g!["id"]!, g => g!.AsObject());
        Assert.All(big, id => Assert.Equal(users.Order(StringComparer.Ordinal), byId[id].Ids("members")));
        Assert.Equal(new[] { big[0], users[0] }.Order(StringComparer.Ordinal), byId[nested].Ids("members"));
        var firstUser = everything.Json["Resources"]!.AsArray().Single(r => (string)r!["id"]! == users[0])!.AsObject();
        Assert.Equal(big.Append(nested).Order(StringComparer.Ordinal), firstUser.Ids("groups"));
        Assert.All(projected.Json["Resources"]!.AsArray(), g =>
        {
            Assert.Equal(users.Order(StringComparer.Ordinal), g!.AsObject().Ids("members"));
            Assert.All(g["members"]!.AsArray(), m => Assert.Equal(["value"], m!.AsObject().Select(p => p.Key)));
        });
    }

    [Fact]
    public async Task A_list_of_large_groups_starts_answering_before_every_member_is_read()
    {
        // The store holds the members' stream after 1,000 entries (~190 KB of JSON, past the 32 KB flushes) until
        // the test has seen the first bytes of the answer.
        using var factory = new MembershipCountingFactory { PauseAfter = 1_000, Settings = { ["Provisio:ListMembershipBufferLimit"] = "100" } };
        var scim = await factory.CreateTenantAsync();
        var users = new List<string>();
        for (var i = 0; i < 1_000; i++)
        {
            users.Add((string)(await scim.CreateUserAsync($"member{i:D4}@example.com"))["id"]!);
        }
        for (var i = 0; i < 3; i++)
        {
            await scim.CreateGroupAsync($"Everyone {i}", [.. users]);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, scim.BasePath + "/Groups?count=20");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scim.Token);
        // The test server's own client hands over the body as it is written (the factory's client buffers it).
        using var http = factory.Server.CreateClient();
        // A response built whole would wait for every member before its first byte: a deadlock here, which the wait ends.
        var answering = http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromMinutes(1));
        using var response = await answering;
        await using var body = await response.Content.ReadAsStreamAsync();
        var start = new byte[4_096];
        await body.ReadExactlyAsync(start).AsTask().WaitAsync(TimeSpan.FromMinutes(1));
        var readWhenAnswerStarted = factory.Streamed;
        factory.Resume();
        using var rest = new MemoryStream();
        rest.Write(start);
        await body.CopyToAsync(rest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Begun with the first members read (the test server's pipe may also hold the writer back before the pause).
        Assert.InRange(readWhenAnswerStarted, 1, 1_000);
        Assert.Equal(3 * 1_000, factory.Streamed);
        var listed = JsonNode.Parse(rest.ToArray())!["Resources"]!.AsArray();
        Assert.Equal(3, listed.Count);
        Assert.All(listed, g => Assert.Equal(users.Order(StringComparer.Ordinal), g!.AsObject().Ids("members")));
    }
}
