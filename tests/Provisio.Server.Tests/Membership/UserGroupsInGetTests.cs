using System.Net;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Membership;

/// <summary>
/// A GET of a user reads its direct groups in the statement that reads the user when they fit in one row (up to 100,
/// none of them nested), and streams them otherwise, as every GET did before: either way the answer is the same, byte
/// for byte, with any attributes asked for.
/// </summary>
public sealed class UserGroupsInGetTests
{
    private static readonly string[] Projections =
    [
        "",
        "?attributes=groups",
        "?attributes=groups.display",
        "?attributes=userName,groups.value",
        "?excludedAttributes=emails",
        "?excludedAttributes=groups.display",
        "?excludedAttributes=groups",
    ];

    [Fact]
    public async Task A_get_shows_a_users_groups_byte_for_byte_as_streaming_them_does()
    {
        using var factory = new MembershipCountingFactory();
        var scim = await factory.CreateTenantAsync();
        var alone = await CreateUserAsync(scim, "alone@example.com");
        var named = await CreateUserAsync(scim, "named@example.com");
        var three = await CreateUserAsync(scim, "three@example.com");
        var nested = await CreateUserAsync(scim, "nested@example.com");
        var hundred = await CreateUserAsync(scim, "hundred@example.com");
        var many = await CreateUserAsync(scim, "many@example.com");
        string[] names = ["Quote \" and back\\slash", "Tab\tnew line\nbell\u0007", "Emoji 🎉 ünïcödé שלום", "</script>&amp;", "Line\u2028and\u2029"];
        foreach (var name in names)
        {
            await scim.CreateGroupAsync(name, named);
        }
        for (var i = 0; i < 3; i++)
        {
            await scim.CreateGroupAsync($"Trio {i}", three);
        }
        var inner = (string)(await scim.CreateGroupAsync("Inner", nested))["id"]!;
        await scim.CreateGroupAsync("Outer", inner);
        // As many direct groups as a row carries (100), and one more than that.
        for (var i = 0; i < 101; i++)
        {
            await scim.CreateGroupAsync($"Many {i:D3}", i < 100 ? [hundred, many] : [many]);
        }

        foreach (var (user, streams) in new[] { (alone, false), (named, false), (three, false), (hundred, false), (nested, true), (many, true) })
        {
            foreach (var projection in Projections)
            {
                var path = $"/Users/{user}{projection}";
                factory.StreamsAllMembership = false;
                var before = factory.Streamed;
                var read = await scim.GetAsync(path);
                var streamedEntries = factory.Streamed - before;
                factory.StreamsAllMembership = true;
                var streamed = await scim.GetAsync(path);

                Assert.Equal(HttpStatusCode.OK, read.Status);
                Assert.Equal(streamed.Status, read.Status);
                Assert.Equal(streamed.Body, read.Body);
                Assert.Equal(streamed.Headers.ETag, read.Headers.ETag);
                Assert.Equal(streamed.ContentHeaders.ContentType, read.ContentHeaders.ContentType);
                // Only users whose groups do not fit in the row's read stream them; the others read none apart.
                Assert.True(streams || streamedEntries == 0, $"{path}: {streamedEntries} groups streamed");
                Assert.True(!streams || projection.Contains("excludedAttributes=groups", StringComparison.Ordinal) || streamedEntries > 0, $"{path}: no group streamed");
            }
        }
        var shown = (await scim.GetAsync($"/Users/{named}")).Json["groups"]!.AsArray();
        Assert.Equal(names.Order(StringComparer.Ordinal), shown.Select(g => (string)g!["display"]!).Order(StringComparer.Ordinal));
        Assert.Equal(100, (await scim.GetAsync($"/Users/{hundred}")).Json.Ids("groups").Count);
        Assert.Equal(101, (await scim.GetAsync($"/Users/{many}")).Json.Ids("groups").Count);
        Assert.Null((await scim.GetAsync($"/Users/{alone}")).Json["groups"]);
    }

    [Fact]
    public async Task A_get_of_a_group_or_of_an_id_of_another_type_reads_no_groups_with_the_row()
    {
        using var factory = new MembershipCountingFactory();
        var scim = await factory.CreateTenantAsync();
        var user = await CreateUserAsync(scim, "ada@example.com");
        var inner = (string)(await scim.CreateGroupAsync("Inner", user))["id"]!;
        await scim.CreateGroupAsync("Outer", inner);

        var group = await scim.GetAsync($"/Groups/{inner}");
        var userAsGroup = await scim.GetAsync($"/Groups/{user}");
        var groupAsUser = await scim.GetAsync($"/Users/{inner}");

        // A group's members are streamed as before; an id of the other type is not found, whatever its row holds.
        Assert.Equal(user, (string)group.Json["members"]![0]!["value"]!);
        Assert.Null(group.Json["groups"]);
        userAsGroup.AssertError(HttpStatusCode.NotFound);
        groupAsUser.AssertError(HttpStatusCode.NotFound);
    }

    private static async Task<string> CreateUserAsync(ScimClient scim, string userName) =>
        (string)(await scim.CreateUserAsync(userName))["id"]!;
}
