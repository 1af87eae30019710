using System.Net;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Membership;

/// <summary>
/// On PostgreSQL a GET reads a user's direct groups (up to 100, none of them nested) or a group's members (up to 100) in
/// the statement that reads the resource, and streams them otherwise, as every GET did before (and every GET does on
/// SQLite, where statements run in process): either way the answer is the same, byte for byte, with any attributes
/// asked for.
/// </summary>
public sealed class MembershipInGetTests
{
#if POSTGRES
    private const bool ReadsCarryMembership = true;
#else
    private const bool ReadsCarryMembership = false;
#endif
    private static readonly string[] UserProjections =
    [
        "",
        "?attributes=groups",
        "?attributes=groups.display",
        "?attributes=userName,groups.value",
        "?excludedAttributes=emails",
        "?excludedAttributes=groups.display",
        "?excludedAttributes=groups",
    ];

    private static readonly string[] GroupProjections =
    [
        "",
        "?attributes=members",
        "?attributes=members.display",
        "?attributes=displayName,members.value",
        "?attributes=members.type",
        "?excludedAttributes=members.display",
        "?excludedAttributes=members",
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

        foreach (var (user, fits) in new[] { (alone, true), (named, true), (three, true), (hundred, true), (nested, false), (many, false) })
        {
            foreach (var projection in UserProjections)
            {
                var streams = !(fits && ReadsCarryMembership) && user != alone && projection != "?excludedAttributes=groups";
                await AssertAsStreamedAsync(factory, scim, $"/Users/{user}{projection}", streams);
            }
        }
        var shown = (await scim.GetAsync($"/Users/{named}")).Json["groups"]!.AsArray();
        Assert.Equal(names.Order(StringComparer.Ordinal), shown.Select(g => (string)g!["display"]!).Order(StringComparer.Ordinal));
        Assert.Equal(100, (await scim.GetAsync($"/Users/{hundred}")).Json.Ids("groups").Count);
        Assert.Equal(101, (await scim.GetAsync($"/Users/{many}")).Json.Ids("groups").Count);
        Assert.Null((await scim.GetAsync($"/Users/{alone}")).Json["groups"]);
    }

    [Fact]
    public async Task A_get_shows_a_groups_members_byte_for_byte_as_streaming_them_does()
    {
        using var factory = new MembershipCountingFactory();
        var scim = await factory.CreateTenantAsync();
        var users = new List<string>();
        for (var i = 0; i < 101; i++)
        {
            users.Add(await CreateUserAsync(scim, $"member{i:D3}@example.com", $"Member \"{i}\" 🎉\u2028"));
        }
        var empty = (string)(await scim.CreateGroupAsync("Empty"))["id"]!;
        var inner = (string)(await scim.CreateGroupAsync("Inner </script>", users[0]))["id"]!;
        var mixed = (string)(await scim.CreateGroupAsync("Mixed", users[1], users[2], inner))["id"]!;
        // As many members as a row carries (100), and one more than that.
        var hundred = (string)(await scim.CreateGroupAsync("Hundred", [.. users.Take(100)]))["id"]!;
        var many = (string)(await scim.CreateGroupAsync("Many", [.. users]))["id"]!;

        foreach (var (group, fits) in new[] { (empty, true), (inner, true), (mixed, true), (hundred, true), (many, false) })
        {
            foreach (var projection in GroupProjections)
            {
                var streams = !(fits && ReadsCarryMembership) && group != empty && projection != "?excludedAttributes=members";
                await AssertAsStreamedAsync(factory, scim, $"/Groups/{group}{projection}", streams);
            }
        }
        var shown = (await scim.GetAsync($"/Groups/{mixed}")).Json["members"]!.AsArray();
        Assert.Equal(["Group", "User", "User"], shown.Select(m => (string)m!["type"]!).Order());
        Assert.Equal(100, (await scim.GetAsync($"/Groups/{hundred}")).Json.Ids("members").Count);
        Assert.Equal(101, (await scim.GetAsync($"/Groups/{many}")).Json.Ids("members").Count);
        Assert.Null((await scim.GetAsync($"/Groups/{empty}")).Json["members"]);
    }

    [Fact]
    public async Task A_get_of_an_id_of_another_type_is_not_found_whatever_its_row_holds()
    {
        using var factory = new MembershipCountingFactory();
        var scim = await factory.CreateTenantAsync();
        var user = await CreateUserAsync(scim, "ada@example.com");
        var inner = (string)(await scim.CreateGroupAsync("Inner", user))["id"]!;
        await scim.CreateGroupAsync("Outer", inner);

        (await scim.GetAsync($"/Groups/{user}")).AssertError(HttpStatusCode.NotFound);
        (await scim.GetAsync($"/Users/{inner}")).AssertError(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// The GET answers as the same GET through a store that streams all membership, status, body, ETag and content type;
    /// it streams membership (<paramref name="streams"/>) only where the row's read did not carry it.
    /// </summary>
    private static async Task AssertAsStreamedAsync(MembershipCountingFactory factory, ScimClient scim, string path, bool streams)
    {
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
        Assert.True(streams ? streamedEntries > 0 : streamedEntries == 0, $"{path}: {streamedEntries} entries streamed");
    }

    private static async Task<string> CreateUserAsync(ScimClient scim, string userName, string? displayName = null) =>
        (string)(await scim.CreateUserAsync(userName, u =>
        {
            if (displayName is not null)
            {
                u["displayName"] = displayName;
            }
        }))["id"]!;
}
