using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

/// <summary>RFC 9865 cursor paging over GET and POST .search.</summary>
public sealed class CursorPagingTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const string SearchRequestSchema = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    private const int PageSize = 5;

    [Theory]
    [InlineData("")]
    [InlineData("sortBy=userName")]
    [InlineData("sortBy=userName&sortOrder=descending")]
    [InlineData("sortBy=name.familyName")]
    [InlineData("sortBy=name.familyName&sortOrder=descending")]
    [InlineData("sortBy=meta.created&sortOrder=descending")]
    [InlineData("sortBy=emails")]
    [InlineData("sortBy=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department&sortOrder=descending")]
    [InlineData("filter=userName%20sw%20%22u1%22&sortBy=userName")]
    public async Task Cursor_pages_walk_the_list_forward_and_back_in_its_order(string query)
    {
        var scim = await factory.CreateTenantAsync();
        var created = await CreateUsersAsync(scim, 23);
        var reference = await scim.GetAsync(Users(query, "count=100"));
        var expected = reference.Ids;
        Assert.Equal(query.Contains("filter", StringComparison.Ordinal) ? 10 : 23, expected.Count);
        if (query.Length == 0)
        {
            Assert.Equal(created.Order(StringComparer.Ordinal), expected.Order(StringComparer.Ordinal));
            AssertInCreationOrder(reference);
        }

        var first = await scim.GetAsync(Users(query, $"count={PageSize}&cursor"));
        List<ScimResponse> forward = [first, .. await FollowAsync(scim, first, "nextCursor", next => Users(query, $"count={PageSize}&cursor={Uri.EscapeDataString(next)}"))];

        var expectedPages = expected.Chunk(PageSize).Select(p => p.ToList()).ToList();
        Assert.Equal(expectedPages, forward.Select(p => p.Ids));
        for (var i = 0; i < forward.Count; i++)
        {
            var page = forward[i].Json;
            Assert.Null(page["startIndex"]);
            Assert.Equal(expected.Count, (int)page["totalResults"]!);
            Assert.Equal(forward[i].Ids.Count, (int)page["itemsPerPage"]!);
            Assert.Equal(i > 0, page.ContainsKey("previousCursor"));
            Assert.Equal(i < forward.Count - 1, page.ContainsKey("nextCursor"));
        }

        var backward = await FollowAsync(scim, forward[^1], "previousCursor", previous => Users(query, $"count={PageSize}&cursor={Uri.EscapeDataString(previous)}"));

        Assert.Equal(Enumerable.Reverse(expectedPages).Skip(1), backward.Select(p => p.Ids));
        Assert.False(backward[^1].Json.ContainsKey("previousCursor"));
        Assert.All(backward, page => Assert.True(page.Json.ContainsKey("nextCursor")));
    }

    [Theory]
    [InlineData("cursor")]
    [InlineData("cursor=")]
    public async Task An_empty_cursor_asks_for_the_first_page(string cursor)
    {
        var scim = await factory.CreateTenantAsync();
        await CreateUsersAsync(scim, 3);
        var listed = (await scim.GetAsync("/Users")).Ids;

        var first = await scim.GetAsync($"/Users?{cursor}&count=2");
        var all = await scim.GetAsync($"/Users?{cursor}");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(listed.Take(2), first.Ids);
        Assert.False(first.Json.ContainsKey("startIndex"));
        Assert.False(first.Json.ContainsKey("previousCursor"));
        Assert.True(first.Json.ContainsKey("nextCursor"));
        Assert.Equal(3, (int)first.Json["totalResults"]!);
        Assert.Equal(2, (int)first.Json["itemsPerPage"]!);
        // Without count, the default page size holds all three: a single page, so no cursor either way.
        Assert.Equal(listed, all.Ids);
        Assert.False(all.Json.ContainsKey("nextCursor"));
        Assert.False(all.Json.ContainsKey("previousCursor"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sortBy=userName")]
    [InlineData("sortBy=userName&sortOrder=descending")]
    [InlineData("sortBy=name.familyName")]
    [InlineData("sortBy=name.familyName&sortOrder=descending")]
    [InlineData("sortBy=emails")]
    public async Task Cursor_paging_stays_stable_when_users_come_and_go_between_pages(string query)
    {
        var scim = await factory.CreateTenantAsync();
        await CreateUsersAsync(scim, 23);
        var expected = (await scim.GetAsync(Users(query, "count=100"))).Ids;
        var first = await scim.GetAsync(Users(query, $"count={PageSize}&cursor"));
        Assert.Equal(expected.Take(PageSize), first.Ids);

        // Remove the user the cursor points at, a seen one and two unseen ones; add one that sorts first and one that sorts last.
        var removed = new[] { expected[PageSize - 1], expected[1], expected[7], expected[PageSize] };
        foreach (var id in removed)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{id}")).Status);
        }
        await scim.CreateUserAsync("000-first");
        await scim.CreateUserAsync("zzz-last");
        var rest = await FollowAsync(scim, first, "nextCursor", next => Users(query, $"count={PageSize}&cursor={Uri.EscapeDataString(next)}"));

        var seen = rest.SelectMany(p => p.Ids).ToList();
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var stayed = expected.Skip(PageSize).Except(removed).ToList();
        // Every user that stayed and was not on the first page comes exactly once, in the original order.
        Assert.Equal(stayed, seen.Intersect(expected));
        Assert.DoesNotContain(expected[7], seen);
        Assert.DoesNotContain(expected[PageSize], seen);
        Assert.Empty(first.Ids.Intersect(seen));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("not base64")]
    [InlineData("tampered")]
    [InlineData("truncated")]
    [InlineData("other filter")]
    [InlineData("filter added")]
    [InlineData("other sortBy")]
    [InlineData("other sortOrder")]
    [InlineData("other resource type")]
    [InlineData("other tenant")]
    public async Task A_cursor_that_is_not_from_this_query_is_400_invalidCursor(string kind)
    {
        var scim = await factory.CreateTenantAsync();
        await CreateUsersAsync(scim, 3);
        await scim.CreateGroupAsync("g1");
        await scim.CreateGroupAsync("g2");
        var userCursor = await NextCursorAsync(scim, "/Users?filter=userName%20pr&sortBy=userName&count=1&cursor");
        var other = await factory.CreateTenantAsync();
        await CreateUsersAsync(other, 3);

        var (client, request) = kind switch
        {
            "garbage" => (scim, "/Users?filter=userName%20pr&sortBy=userName&count=1&cursor=abc"),
            "not base64" => (scim, "/Users?filter=userName%20pr&sortBy=userName&count=1&cursor=%21%21%2A%24"),
            "tampered" => (scim, "/Users?filter=userName%20pr&sortBy=userName&count=1&cursor=" + Uri.EscapeDataString(Tamper(userCursor))),
            "truncated" => (scim, "/Users?filter=userName%20pr&sortBy=userName&count=1&cursor=" + Uri.EscapeDataString(userCursor[..^4])),
            "other filter" => (scim, "/Users?filter=active%20eq%20true&sortBy=userName&count=1&cursor=" + Uri.EscapeDataString(userCursor)),
            "filter added" => (scim, "/Users?sortBy=userName&count=1&cursor=" + Uri.EscapeDataString(userCursor)),
            "other sortBy" => (scim, "/Users?filter=userName%20pr&sortBy=name.familyName&count=1&cursor=" + Uri.EscapeDataString(userCursor)),
            "other sortOrder" => (scim, "/Users?filter=userName%20pr&sortBy=userName&sortOrder=descending&count=1&cursor=" + Uri.EscapeDataString(userCursor)),
            "other resource type" => (scim, "/Groups?count=1&cursor=" + Uri.EscapeDataString(await NextCursorAsync(scim, "/Users?count=1&cursor"))),
            "other tenant" => (other, "/Users?filter=userName%20pr&sortBy=userName&count=1&cursor=" + Uri.EscapeDataString(userCursor)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var response = await client.GetAsync(request);

        Assert.Equal("invalidCursor", response.AssertError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_cursor_used_for_the_same_query_keeps_working_after_it_was_used_once()
    {
        var scim = await factory.CreateTenantAsync();
        await CreateUsersAsync(scim, 4);
        var listed = (await scim.GetAsync("/Users")).Ids;
        var cursor = await NextCursorAsync(scim, "/Users?count=2&cursor");

        var once = await scim.GetAsync("/Users?count=2&cursor=" + Uri.EscapeDataString(cursor));
        var twice = await scim.GetAsync("/Users?count=2&cursor=" + Uri.EscapeDataString(cursor));

        Assert.Equal(listed.Skip(2), once.Ids);
        Assert.Equal(once.Ids, twice.Ids);
    }

    [Fact]
    public async Task A_cursor_older_than_the_timeout_is_400_expiredCursor()
    {
        using var shortLived = new ProvisioFactory();
        shortLived.Settings["Provisio:CursorTimeoutSeconds"] = "1";
        var scim = await shortLived.CreateTenantAsync();
        await CreateUsersAsync(scim, 3);
        var cursor = await NextCursorAsync(scim, "/Users?count=1&cursor");

        await Task.Delay(TimeSpan.FromSeconds(2.1));
        var response = await scim.GetAsync("/Users?count=1&cursor=" + Uri.EscapeDataString(cursor));

        Assert.Equal("expiredCursor", response.AssertError(HttpStatusCode.BadRequest));
        var config = (await shortLived.Anonymous().GetAsync("/ServiceProviderConfig")).Json;
        Assert.Equal(1, (int)config["pagination"]!["cursorTimeout"]!);
    }

    [Fact]
    public async Task Cursor_with_startIndex_is_400_invalidValue()
    {
        var scim = await factory.CreateTenantAsync();
        await CreateUsersAsync(scim, 2);

        var get = await scim.GetAsync("/Users?cursor&startIndex=1");
        var post = await scim.PostAsync("/Users/.search", Search(("cursor", ""), ("startIndex", 1)));

        Assert.Equal("invalidValue", get.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal("invalidValue", post.AssertError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Post_search_pages_by_cursor_in_the_body()
    {
        var scim = await factory.CreateTenantAsync();
        await CreateUsersAsync(scim, 12);
        var expected = (await scim.GetAsync("/Users?sortBy=userName&sortOrder=descending&count=100")).Ids;

        var pages = new List<ScimResponse>();
        var page = await scim.PostAsync("/Users/.search", Search(("sortBy", "userName"), ("sortOrder", "descending"), ("count", PageSize), ("cursor", "")));
        pages.Add(page);
        while (page.Json["nextCursor"] is { } next && pages.Count < 10)
        {
            page = await scim.PostAsync("/Users/.search", Search(("sortBy", "userName"), ("sortOrder", "descending"), ("count", PageSize), ("cursor", (string)next!)));
            pages.Add(page);
        }
        var back = await scim.PostAsync("/Users/.search", Search(
            ("sortBy", "userName"), ("sortOrder", "descending"), ("count", PageSize), ("cursor", (string)pages[^1].Json["previousCursor"]!)));

        Assert.All(pages, p => Assert.Equal(HttpStatusCode.OK, p.Status));
        Assert.Equal([5, 5, 2], pages.Select(p => p.Ids.Count));
        Assert.Equal(expected, pages.SelectMany(p => p.Ids));
        Assert.False(pages[0].Json.ContainsKey("previousCursor"));
        Assert.Equal(pages[1].Ids, back.Ids);
    }

    [Fact]
    public async Task Root_search_pages_by_cursor_across_users_and_groups()
    {
        var scim = await factory.CreateTenantAsync();
        var ids = await CreateUsersAsync(scim, 4);
        foreach (var name in new[] { "ga", "gb", "gc" })
        {
            ids.Add((string)(await scim.CreateGroupAsync(name))["id"]!);
        }

        var expected = await scim.PostAsync("/.search", Search());
        Assert.Equal(ids.Order(StringComparer.Ordinal), expected.Ids.Order(StringComparer.Ordinal));
        AssertInCreationOrder(expected);

        var pages = new List<ScimResponse>();
        var page = await scim.PostAsync("/.search", Search(("count", 3), ("cursor", "")));
        pages.Add(page);
        while (page.Json["nextCursor"] is { } next && pages.Count < 10)
        {
            page = await scim.PostAsync("/.search", Search(("count", 3), ("cursor", (string)next!)));
            pages.Add(page);
        }

        Assert.Equal([3, 3, 1], pages.Select(p => p.Ids.Count));
        Assert.Equal(expected.Ids, pages.SelectMany(p => p.Ids));
        Assert.All(pages, p => Assert.Equal(7, (int)p.Json["totalResults"]!));
    }

    [Theory]
    [InlineData("userName", "ascending")]
    [InlineData("userName", "descending")]
    [InlineData("displayName", "ascending")]
    [InlineData("displayName", "descending")]
    public async Task Root_search_cursor_pages_follow_the_sorted_index_order(string sortBy, string sortOrder)
    {
        var scim = await factory.CreateTenantAsync();
        await CreateUsersAsync(scim, 6);
        foreach (var name in new[] { "gz", "Ga", "gm", "gb" })
        {
            await scim.CreateGroupAsync(name);
        }
        var expected = (await scim.PostAsync("/.search", Search(("sortBy", sortBy), ("sortOrder", sortOrder)))).Ids;
        Assert.Equal(10, expected.Count);

        var pages = new List<ScimResponse>();
        var page = await scim.PostAsync("/.search", Search(("sortBy", sortBy), ("sortOrder", sortOrder), ("count", 3), ("cursor", "")));
        pages.Add(page);
        while (page.Json["nextCursor"] is { } next && pages.Count < 10)
        {
            page = await scim.PostAsync("/.search", Search(("sortBy", sortBy), ("sortOrder", sortOrder), ("count", 3), ("cursor", (string)next!)));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            pages.Add(page);
        }
        var back = await scim.PostAsync("/.search", Search(("sortBy", sortBy), ("sortOrder", sortOrder), ("count", 3), ("cursor", (string)pages[^1].Json["previousCursor"]!)));

        Assert.Equal(expected, pages.SelectMany(p => p.Ids));
        Assert.Equal(expected.Chunk(3).ElementAt(2), back.Ids);
    }

    [Fact]
    public async Task A_root_search_cursor_is_refused_by_the_users_search()
    {
        var scim = await factory.CreateTenantAsync();
        await CreateUsersAsync(scim, 3);
        var root = await scim.PostAsync("/.search", Search(("count", 1), ("cursor", "")));

        var response = await scim.PostAsync("/Users/.search", Search(("count", 1), ("cursor", (string)root.Json["nextCursor"]!)));

        Assert.Equal("invalidCursor", response.AssertError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Service_provider_config_advertises_cursor_and_index_paging()
    {
        var pagination = (await factory.Anonymous().GetAsync("/ServiceProviderConfig")).Json["pagination"]!;

        Assert.True((bool)pagination["cursor"]!);
        Assert.True((bool)pagination["index"]!);
        Assert.Equal("index", (string)pagination["defaultPaginationMethod"]!);
        Assert.Equal(100, (int)pagination["defaultPageSize"]!);
        Assert.Equal(1000, (int)pagination["maxPageSize"]!);
        Assert.Equal(3600, (int)pagination["cursorTimeout"]!);
    }

    /// <summary>
    /// Creates users whose userName order (u00…u22, some upper-case), family names (ties, some missing) and
    /// departments differ from creation order; returns their ids in creation order.
    /// </summary>
    private static async Task<List<string>> CreateUsersAsync(ScimClient scim, int count)
    {
        string[] families = ["Adams", "baker", "ADAMS"];
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var number = i * 7 % 23;
            var userName = (i % 3 == 0 ? "U" : "u") + number.ToString("00", CultureInfo.InvariantCulture);
            var user = await scim.CreateUserAsync(userName, u =>
            {
                if (i % 4 == 0)
                {
                    u.Remove("name");
                }
                else
                {
                    u["name"] = new JsonObject { ["familyName"] = families[i % families.Length] };
                }
                if (i % 5 != 0)
                {
                    u[ScimClient.EnterpriseSchema] = new JsonObject { ["department"] = "Dept " + (i % 4) };
                }
            });
            ids.Add((string)user["id"]!);
        }
        return ids;
    }

    /// <summary>
    /// Without sortBy a list is in creation order, then id: meta.created has millisecond precision, so resources created
    /// in the same millisecond follow their ids.
    /// </summary>
    private static void AssertInCreationOrder(ScimResponse list)
    {
        var keys = list.Json["Resources"]!.AsArray()
            .Select(r => (Created: DateTimeOffset.Parse((string)r!["meta"]!["created"]!, CultureInfo.InvariantCulture), Id: (string)r["id"]!))
            .ToList();
        Assert.Equal(keys.OrderBy(k => k.Created).ThenBy(k => k.Id, StringComparer.Ordinal), keys);
    }

    private static string Users(string query, string paging) => "/Users?" + (query.Length == 0 ? paging : query + "&" + paging);

    private static async Task<string> NextCursorAsync(ScimClient scim, string request)
    {
        var page = await scim.GetAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return (string)page.Json["nextCursor"]!;
    }

    /// <summary>The pages after <paramref name="start"/>, following <paramref name="link"/> (nextCursor or previousCursor) until it is absent.</summary>
    private static async Task<List<ScimResponse>> FollowAsync(ScimClient scim, ScimResponse start, string link, Func<string, string> request)
    {
        var pages = new List<ScimResponse>();
        var page = start;
        while (page.Json[link] is { } cursor)
        {
            Assert.True(pages.Count < 50, "The cursor chain does not end.");
            page = await scim.GetAsync(request((string)cursor!));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            pages.Add(page);
        }
        return pages;
    }

    /// <summary>Changes one character in the middle of a cursor, keeping it valid base64url.</summary>
    private static string Tamper(string cursor)
    {
        var chars = cursor.ToCharArray();
        var middle = chars.Length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private static JsonObject Search(params (string Name, JsonNode? Value)[] fields)
    {
        var body = new JsonObject { ["schemas"] = new JsonArray(SearchRequestSchema) };
        foreach (var (name, value) in fields)
        {
            body[name] = value;
        }
        return body;
    }
}
