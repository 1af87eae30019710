using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Membership;

/// <summary>User.groups lists the groups reached through nested groups as <c>indirect</c> (RFC 7643 §4.1.2).</summary>
public sealed class NestedGroupReadTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task A_user_in_a_nested_group_shows_the_outer_group_as_indirect()
    {
        var scim = await factory.CreateTenantAsync();
        var ada = Id(await scim.CreateUserAsync("ada@example.com"));
        var platform = Id(await scim.CreateGroupAsync("Engineering/Platform", ada));
        var engineering = Id(await scim.CreateGroupAsync("Engineering", platform));

        var groups = await GroupsOfAsync(scim, ada);

        Assert.Equal(
            new[] { (platform, "Engineering/Platform", "direct"), (engineering, "Engineering", "indirect") }.OrderBy(g => g.Item1, StringComparer.Ordinal),
            groups.Select(g => ((string)g["value"]!, (string)g["display"]!, (string)g["type"]!)));
        var outer = groups.Single(g => (string)g["value"]! == engineering);
        Assert.EndsWith($"/Groups/{engineering}", (string)outer["$ref"]!);
    }

    [Fact]
    public async Task Three_levels_of_nesting_reach_the_top_group()
    {
        var scim = await factory.CreateTenantAsync();
        var ada = Id(await scim.CreateUserAsync("ada@example.com"));
        var team = Id(await scim.CreateGroupAsync("Team", ada));
        var department = Id(await scim.CreateGroupAsync("Department", team));
        var division = Id(await scim.CreateGroupAsync("Division", department));
        var company = Id(await scim.CreateGroupAsync("Company", division));

        var types = (await GroupsOfAsync(scim, ada)).ToDictionary(g => (string)g["value"]!, g => (string)g["type"]!);

        Assert.Equal(new Dictionary<string, string>
        {
            [team] = "direct",
            [department] = "indirect",
            [division] = "indirect",
            [company] = "indirect",
        }, types);
    }

    [Fact]
    public async Task A_group_reached_both_directly_and_through_nesting_shows_once_as_direct()
    {
        var scim = await factory.CreateTenantAsync();
        var ada = Id(await scim.CreateUserAsync("ada@example.com"));
        var platform = Id(await scim.CreateGroupAsync("Platform", ada));
        var tools = Id(await scim.CreateGroupAsync("Tools", ada));
        // Engineering holds Ada directly and through both Platform and Tools.
        var engineering = Id(await scim.CreateGroupAsync("Engineering", ada, platform, tools));

        var groups = await GroupsOfAsync(scim, ada);

        Assert.Equal(3, groups.Count);
        Assert.All(groups, g => Assert.Equal("direct", (string)g["type"]!));
        Assert.Single(groups, g => (string)g["value"]! == engineering);
    }

    [Fact]
    public async Task Removing_the_nesting_removes_the_indirect_group_and_gives_the_user_a_new_version()
    {
        var scim = await factory.CreateTenantAsync();
        var ada = Id(await scim.CreateUserAsync("ada@example.com"));
        var platform = Id(await scim.CreateGroupAsync("Platform", ada));
        var engineering = Id(await scim.CreateGroupAsync("Engineering", platform));
        var etag = (await scim.GetAsync($"/Users/{ada}")).Headers.ETag;
        Assert.Equal(2, (await GroupsOfAsync(scim, ada)).Count);

        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Groups/{engineering}", $$"""[{"op":"remove","path":"members[value eq \"{{platform}}\"]"}]""")).Status);

        var after = await scim.GetAsync($"/Users/{ada}");
        Assert.Equal([platform], after.Json["groups"]!.AsArray().Select(g => (string)g!["value"]!));
        Assert.NotEqual(etag, after.Headers.ETag);
    }

    [Fact]
    public async Task Lists_of_users_show_indirect_groups_too()
    {
        var scim = await factory.CreateTenantAsync();
        var ada = Id(await scim.CreateUserAsync("ada@example.com"));
        var bob = Id(await scim.CreateUserAsync("bob@example.com"));
        var platform = Id(await scim.CreateGroupAsync("Platform", ada));
        var engineering = Id(await scim.CreateGroupAsync("Engineering", platform, bob));

        var users = (await scim.GetAsync("/Users?attributes=groups")).Json["Resources"]!.AsArray()
            .ToDictionary(u => (string)u!["id"]!, u => u!["groups"]!.AsArray().Select(g => ((string)g!["value"]!, (string)g["type"]!)).ToList());

        Assert.Equal(new[] { (platform, "direct"), (engineering, "indirect") }.OrderBy(g => g.Item1, StringComparer.Ordinal), users[ada]);
        Assert.Equal([(engineering, "direct")], users[bob]);
    }

    [Fact]
    public async Task Filtering_users_by_an_outer_group_finds_its_indirect_members()
    {
        var scim = await factory.CreateTenantAsync();
        var ada = Id(await scim.CreateUserAsync("ada@example.com"));
        var bob = Id(await scim.CreateUserAsync("bob@example.com"));
        Id(await scim.CreateUserAsync("eve@example.com"));
        var platform = Id(await scim.CreateGroupAsync("Platform", ada));
        var engineering = Id(await scim.CreateGroupAsync("Engineering", platform, bob));

        async Task<List<string>> Match(string filter) =>
            (await scim.GetAsync($"/Users?filter={Uri.EscapeDataString(filter)}")).Ids.Order(StringComparer.Ordinal).ToList();

        Assert.Equal(new[] { ada, bob }.Order(StringComparer.Ordinal), await Match($"groups.value eq \"{engineering}\""));
        Assert.Equal(new[] { ada, bob }.Order(StringComparer.Ordinal), await Match("groups.display eq \"Engineering\""));
        Assert.Equal([ada], await Match($"groups.value eq \"{platform}\""));
        Assert.Equal([ada], await Match($"groups[value eq \"{engineering}\" and type eq \"indirect\"]"));
        Assert.Equal([bob], await Match($"groups[value eq \"{engineering}\" and type eq \"direct\"]"));
        Assert.Equal([ada], await Match("groups.type eq \"indirect\""));
    }

    private static string Id(JsonObject resource) => (string)resource["id"]!;

    private static async Task<List<JsonObject>> GroupsOfAsync(ScimClient scim, string userId)
    {
        var response = await scim.GetAsync($"/Users/{userId}");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json["groups"] is JsonArray groups ? [.. groups.Select(g => g!.AsObject())] : [];
    }
}
