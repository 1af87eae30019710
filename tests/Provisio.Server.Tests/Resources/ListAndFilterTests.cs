using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

public sealed class ListAndFilterTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task An_empty_list_still_has_the_whole_envelope()
    {
        var scim = await factory.CreateTenantAsync();
        var list = (await scim.GetAsync("/Users")).Json;

        Assert.Equal(ScimClient.ListSchema, (string)list["schemas"]![0]!);
        Assert.Equal(0, (int)list["totalResults"]!);
        Assert.Equal(1, (int)list["startIndex"]!);
        Assert.Equal(0, (int)list["itemsPerPage"]!);
        Assert.Empty(list["Resources"]!.AsArray());
    }

    [Fact]
    public async Task Pages_follow_a_stable_order_without_skips_or_repeats()
    {
        var scim = await factory.CreateTenantAsync();
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((string)(await scim.CreateUserAsync($"page{i}@example.com"))["id"]!);
        }

        var seen = new List<string>();
        for (var start = 1; start <= 7; start += 3)
        {
            var page = await scim.GetAsync($"/Users?startIndex={start}&count=3");
            Assert.Equal(7, (int)page.Json["totalResults"]!);
            Assert.Equal(start, (int)page.Json["startIndex"]!);
            Assert.Equal(page.Ids.Count, (int)page.Json["itemsPerPage"]!);
            seen.AddRange(page.Ids);
        }

        // Every user exactly once, in one order that does not change between requests.
        Assert.Equal(created.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var again = await scim.GetAsync("/Users?startIndex=4&count=2");
        Assert.Equal(seen.Skip(3).Take(2), again.Ids);
    }

    [Theory]
    [InlineData("count=0", 0, 1)]
    [InlineData("count=-5", 0, 1)]
    [InlineData("startIndex=0&count=2", 2, 1)]
    [InlineData("startIndex=-3&count=2", 2, 1)]
    [InlineData("startIndex=3&count=10", 1, 3)]
    [InlineData("startIndex=50", 0, 50)]
    [InlineData("count=1", 1, 1)]
    public async Task Paging_parameters_follow_rfc_7644(string query, int expectedItems, int expectedStart)
    {
        var scim = await factory.CreateTenantAsync();
        for (var i = 0; i < 3; i++)
        {
            await scim.CreateUserAsync($"p{i}@example.com");
        }

        var page = (await scim.GetAsync($"/Users?{query}")).Json;

        Assert.Equal(3, (int)page["totalResults"]!);
        Assert.Equal(expectedItems, page["Resources"]!.AsArray().Count);
        Assert.Equal(expectedItems, (int)page["itemsPerPage"]!);
        Assert.Equal(expectedStart, (int)page["startIndex"]!);
    }

    [Fact]
    public async Task A_count_over_the_maximum_is_capped()
    {
        using var small = new ProvisioFactory();
        small.Settings["Provisio:MaxPageSize"] = "2";
        var scim = await small.CreateTenantAsync();
        for (var i = 0; i < 3; i++)
        {
            await scim.CreateUserAsync($"cap{i}@example.com");
        }

        var page = (await scim.GetAsync("/Users?count=500")).Json;

        Assert.Equal(2, (int)page["itemsPerPage"]!);
        Assert.Equal(3, (int)page["totalResults"]!);
        var config = (await small.Anonymous().GetAsync("/ServiceProviderConfig")).Json;
        Assert.Equal(2, (int)config["filter"]!["maxResults"]!);
    }

    [Theory]
    [InlineData("userName eq \"Target@Example.com\"")]
    [InlineData("USERNAME EQ \"target@example.com\"")]
    [InlineData("userName eq target@example.com")]
    [InlineData("externalId eq \"ext-target\"")]
    [InlineData("displayName eq \"target person\"")]
    [InlineData("emails.value eq \"TARGET@work.example.com\"")]
    [InlineData("emails[type eq \"work\"].value eq \"target@work.example.com\"")]
    [InlineData("emails[type eq \"home\" and value eq \"target@home.example.com\"]")]
    [InlineData("userName eq \"target@example.com\" and externalId eq \"ext-target\"")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"target@example.com\"")]
    [InlineData("userName eq \"target@example.com\" and active eq true")]
    public async Task Sync_filters_find_exactly_the_matching_user(string filter)
    {
        var scim = await factory.CreateTenantAsync();
        var target = await CreateTargetAndDecoysAsync(scim);

        var page = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal([(string)target["id"]!], page.Ids);
        Assert.Equal(1, (int)page.Json["totalResults"]!);
    }

    [Fact]
    public async Task Id_filter_finds_the_user_and_active_false_finds_deactivated_ones()
    {
        var scim = await factory.CreateTenantAsync();
        var target = await CreateTargetAndDecoysAsync(scim);
        var inactive = await scim.CreateUserAsync("inactive@example.com", u => u["active"] = false);

        Assert.Equal([(string)target["id"]!], (await scim.GetAsync($"/Users?filter=id%20eq%20%22{target["id"]}%22")).Ids);
        Assert.Equal([(string)inactive["id"]!], (await scim.GetAsync("/Users?filter=active%20eq%20false")).Ids);
    }

    [Theory]
    [InlineData("externalId eq \"EXT-TARGET\"")]
    [InlineData("emails[type eq \"home\"].value eq \"target@work.example.com\"")]
    [InlineData("userName eq \"target@example.com\" and externalId eq \"other\"")]
    [InlineData("userName eq \"target@example.com\\\" or \\\"1\\\"=\\\"1\"")]
    [InlineData("userName eq \"%\"")]
    [InlineData("userName eq \"target@example.com' OR '1'='1\"")]
    public async Task Filters_match_nothing_more_than_they_say(string filter)
    {
        var scim = await factory.CreateTenantAsync();
        await CreateTargetAndDecoysAsync(scim);

        var page = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(0, (int)page.Json["totalResults"]!);
    }

    [Fact]
    public async Task Groups_are_found_by_displayName_case_insensitively()
    {
        var scim = await factory.CreateTenantAsync();
        var group = await scim.CreateGroupAsync("Engineering");
        await scim.CreateGroupAsync("Engineering Managers");

        var page = await scim.GetAsync("/Groups?filter=" + Uri.EscapeDataString("displayName eq \"engineering\""));

        Assert.Equal([(string)group["id"]!], page.Ids);
    }

    [Theory]
    [InlineData("ALICE@EXAMPLE.COM")]
    [InlineData("userName eq")]
    [InlineData("userName zz \"a\"")]
    [InlineData("(userName eq \"a\"")]
    [InlineData("userName eq \"unclosed")]
    [InlineData("fooBar eq \"x\"")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:fooBar eq \"x\"")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:fooBar eq \"x\"")]
    [InlineData("userName.first eq \"x\"")]
    [InlineData("name eq \"x\"")]
    [InlineData("active gt true")]
    [InlineData("active eq \"yes\"")]
    [InlineData("meta.created gt \"yesterday\"")]
    [InlineData("meta.created co \"2026\"")]
    [InlineData("emails[value eq \"a\"")]
    [InlineData("emails[value eq \"a\"].value[type eq \"b\"]")]
    [InlineData("userName 01 \"a\"")]
    public async Task Invalid_filters_are_400_invalidFilter(string filter)
    {
        var scim = await factory.CreateTenantAsync();
        var response = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString(filter));

        Assert.Equal("invalidFilter", response.AssertError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Non_numeric_paging_is_400()
    {
        var scim = await factory.CreateTenantAsync();
        (await scim.GetAsync("/Users?count=ten")).AssertError(HttpStatusCode.BadRequest);
    }

    private static async Task<JsonObject> CreateTargetAndDecoysAsync(ScimClient scim)
    {
        var target = await scim.CreateUserAsync("target@example.com", u =>
        {
            u["externalId"] = "ext-target";
            u["displayName"] = "Target Person";
            u["emails"] = new JsonArray(
                new JsonObject { ["value"] = "target@work.example.com", ["type"] = "work", ["primary"] = true },
                new JsonObject { ["value"] = "target@home.example.com", ["type"] = "home" });
        });
        await scim.CreateUserAsync("decoy@example.com", u =>
        {
            u["externalId"] = "ext-decoy";
            u["displayName"] = "Target Person Two";
            u["emails"] = new JsonArray(new JsonObject { ["value"] = "target@home.example.com.evil", ["type"] = "work" });
        });
        await scim.CreateUserAsync("target@example.com.decoy");
        return target;
    }

    [Fact]
    public async Task A_user_with_more_emails_than_one_insert_holds_is_found_by_each_before_and_after_they_are_replaced()
    {
        // 120 values: three INSERTs of at most 50 rows in the write's batch.
        var scim = await factory.CreateTenantAsync();
        static JsonArray Emails(string prefix) => [.. Enumerable.Range(0, 120).Select(i => (JsonNode)new JsonObject { ["value"] = $"{prefix}{i}@example.com" })];
        var id = (string)(await scim.CreateUserAsync("many@example.com", u => u["emails"] = Emails("old")))["id"]!;
        async Task<int> FoundByAsync(string email) =>
            (int)(await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString($"emails.value eq \"{email}\""))).Json["totalResults"]!;

        int[] foundBefore = [await FoundByAsync("old0@example.com"), await FoundByAsync("old60@example.com"), await FoundByAsync("old119@example.com")];
        Assert.Equal(new[] { 1, 1, 1 }, foundBefore);

        var replaced = await scim.PatchAsync($"/Users/{id}", $$"""[{ "op": "replace", "path": "emails", "value": {{Emails("new").ToJsonString()}} }]""");

        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        int[] foundAfter = [await FoundByAsync("old0@example.com"), await FoundByAsync("old119@example.com"),
            await FoundByAsync("new0@example.com"), await FoundByAsync("new119@example.com")];
        Assert.Equal(new[] { 0, 0, 1, 1 }, foundAfter);
    }
}
