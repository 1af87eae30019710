using System.Text.Json.Nodes;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Membership;

/// <summary>
/// A listed user shows the same groups, in the same order, as a GET of it, however they were read: a page carries its
/// users' direct groups in its own statement (a page of Users alone, unfiltered or looked up by userName), and falls
/// back to reading them apart when a user is in a nested group, in more groups than a row carries, or the page's groups
/// pass <c>Provisio:ListMembershipBufferLimit</c>; other pages read them apart. Each is held to a GET that streams the
/// user's groups, the one way of reading them that carries nothing.
/// </summary>
public sealed class UserGroupsInListsTests
{
    [Fact]
    public async Task Lookups_pages_cursors_and_root_searches_show_each_users_groups_as_a_get_does()
    {
        using var factory = new MembershipCountingFactory { StreamsAllMembership = true };
        var scim = await factory.CreateTenantAsync();
        var alone = await CreateUserAsync(scim, "alone@example.com");
        var one = await CreateUserAsync(scim, "one@example.com");
        var three = await CreateUserAsync(scim, "three@example.com");
        var nested = await CreateUserAsync(scim, "nested@example.com");
        var many = await CreateUserAsync(scim, "many@example.com");
        await scim.CreateGroupAsync("Solo", one);
        for (var i = 0; i < 3; i++)
        {
            await scim.CreateGroupAsync($"Trio {i}", three, many);
        }
        var inner = (string)(await scim.CreateGroupAsync("Inner", nested))["id"]!;
        await scim.CreateGroupAsync("Outer", inner);
        // More groups than one row of a page carries (100): read apart.
        for (var i = 0; i < 102; i++)
        {
            await scim.CreateGroupAsync($"Many {i:D3}", many);
        }

        var lookups = new List<JsonObject>();
        foreach (var userName in new[] { "alone", "one", "three", "nested", "many" })
        {
            var found = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString($"userName eq \"{userName}@example.com\""));
            lookups.Add(found.Json["Resources"]!.AsArray().Single()!.AsObject());
        }
        var page = await scim.GetAsync("/Users?count=10");
        var cursor = await scim.GetAsync("/Users?cursor&count=3");
        var offset = await scim.GetAsync("/Users?startIndex=2&count=3");
        var sorted = await scim.GetAsync("/Users?sortBy=userName&sortOrder=descending&count=10");
        var root = await scim.PostAsync("/.search", new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["count"] = 200,
        });

        var listed = lookups
            .Concat(new[] { page, cursor, offset, sorted, root }.SelectMany(r => r.Json["Resources"]!.AsArray().Select(u => u!.AsObject())))
            .ToList();
        Assert.Equal(5 + 5 + 3 + 3 + 5 + 5 + 108, listed.Count);
        await AssertEachAsAGetShowsAsync(scim, listed);
        Assert.Equal(105, lookups[4].Ids("groups").Count);
        Assert.Equal(["direct", "indirect"], lookups[3]["groups"]!.AsArray().Select(g => (string)g!["type"]!).Order());
        Assert.Null(lookups[0]["groups"]);
    }

    [Fact]
    public async Task A_large_page_or_a_page_over_the_membership_limit_still_shows_each_users_groups()
    {
        // Ten entries at most in memory: a page of five carries two groups per user, so a user in three is read apart,
        // and a page of users with more than ten groups in all is streamed user by user.
        using var factory = new MembershipCountingFactory { StreamsAllMembership = true, Settings = { ["Provisio:ListMembershipBufferLimit"] = "10" } };
        var scim = await factory.CreateTenantAsync();
        var users = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            users.Add(await CreateUserAsync(scim, $"user{i}@example.com"));
        }
        await scim.CreateGroupAsync("Pair A", users[0], users[1]);
        await scim.CreateGroupAsync("Pair B", users[0], users[1]);

        // Each page is checked before the next change, which the GETs would show.
        await AssertEachAsAGetShowsAsync(scim, await ListAsync(scim, "/Users?count=5"));
        await scim.CreateGroupAsync("Third", users[1]);
        await AssertEachAsAGetShowsAsync(scim, await ListAsync(scim, "/Users?count=5"));
        await scim.CreateGroupAsync("Everyone", [.. users]);
        await scim.CreateGroupAsync("Everyone again", [.. users]);
        var overTheLimit = await ListAsync(scim, "/Users?count=5");
        await AssertEachAsAGetShowsAsync(scim, overTheLimit);

        Assert.Equal(5, overTheLimit.Single(u => (string)u["id"]! == users[1]).Ids("groups").Count);
    }

    private static async Task<List<JsonObject>> ListAsync(ScimClient scim, string path, int expected = 5)
    {
        var listed = (await scim.GetAsync(path)).Json["Resources"]!.AsArray().Select(u => u!.AsObject()).ToList();
        Assert.Equal(expected, listed.Count);
        return listed;
    }

    [Fact]
    public async Task Group_names_with_quotes_escapes_control_characters_and_emoji_come_through_unchanged()
    {
        using var factory = new MembershipCountingFactory { StreamsAllMembership = true };
        var scim = await factory.CreateTenantAsync();
        var ada = await CreateUserAsync(scim, "ada@example.com");
        string[] names = ["Quote \" and back\\slash", "Tab\tnew line\nbell\u0007 delete\u007f", "Emoji 🎉 ünïcödé שלום", "</script>&amp;", "Line\u2028and paragraph\u2029separators"];
        foreach (var name in names)
        {
            await scim.CreateGroupAsync(name, ada);
        }

        var found = await ListAsync(scim, "/Users?filter=" + Uri.EscapeDataString("userName eq \"ada@example.com\""), expected: 1);

        await AssertEachAsAGetShowsAsync(scim, found);
        Assert.Equal(names.Order(StringComparer.Ordinal), found[0]["groups"]!.AsArray().Select(g => (string)g!["display"]!).Order(StringComparer.Ordinal));
    }

    private static async Task<string> CreateUserAsync(ScimClient scim, string userName) =>
        (string)(await scim.CreateUserAsync(userName))["id"]!;

    /// <summary>Each listed resource is what a GET of it shows, which here streams a user's groups on its own.</summary>
    private static async Task AssertEachAsAGetShowsAsync(ScimClient scim, IEnumerable<JsonObject> listed)
    {
        foreach (var resource in listed)
        {
            var path = $"/{((string)resource["meta"]!["resourceType"]! == "Group" ? "Groups" : "Users")}/{resource["id"]}";
            var read = (await scim.GetAsync(path)).Json;
            Assert.True(JsonNode.DeepEquals(read, resource), $"{path}: listed {resource.ToJsonString()}, read {read.ToJsonString()}");
        }
    }
}
