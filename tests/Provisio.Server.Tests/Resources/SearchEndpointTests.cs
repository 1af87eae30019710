using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

public sealed class SearchEndpointTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const string SearchRequestSchema = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    [Fact]
    public async Task Post_users_search_finds_what_the_same_GET_finds()
    {
        var scim = await factory.CreateTenantAsync();
        var alice = await scim.CreateUserAsync("alice@example.com", u => u["externalId"] = "ext-alice");
        await scim.CreateUserAsync("bob@example.com");
        const string filter = "emails[type eq \"work\"].value co \"alice\" or externalId eq \"nobody\"";

        var posted = await scim.PostAsync("/Users/.search", Search(("filter", filter)));
        var got = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.Equal(ScimClient.ListSchema, (string)posted.Json["schemas"]![0]!);
        Assert.Equal([(string)alice["id"]!], posted.Ids);
        Assert.Equal(got.Ids, posted.Ids);
        Assert.Equal(1, (int)posted.Json["totalResults"]!);
    }

    [Fact]
    public async Task Post_groups_search_filters_sorts_and_pages_groups()
    {
        var scim = await factory.CreateTenantAsync();
        foreach (var name in new[] { "Sales EMEA", "Engineering", "Sales US", "Sales APAC" })
        {
            await scim.CreateGroupAsync(name);
        }

        var page = await scim.PostAsync("/Groups/.search", Search(
            ("filter", "displayName sw \"sales\""), ("sortBy", "displayName"), ("sortOrder", "descending"), ("startIndex", 2), ("count", 1)));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(3, (int)page.Json["totalResults"]!);
        Assert.Equal(2, (int)page.Json["startIndex"]!);
        Assert.Equal(["Sales EMEA"], page.Json["Resources"]!.AsArray().Select(r => (string)r!["displayName"]!));
    }

    [Fact]
    public async Task Root_search_returns_users_and_groups_each_with_its_own_schemas()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("root-user@example.com", u => u[ScimClient.EnterpriseSchema] = new JsonObject { ["employeeNumber"] = "7" });
        var group = await scim.CreateGroupAsync("Root Group", (string)user["id"]!);

        var page = await scim.PostAsync("/.search", Search());

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(2, (int)page.Json["totalResults"]!);
        var byId = page.Json["Resources"]!.AsArray().ToDictionary(r => (string)r!["id"]!, r => r!.AsObject());
        Assert.Equal(new[] { (string)user["id"]!, (string)group["id"]! }.Order(), byId.Keys.Order());
        var foundUser = byId[(string)user["id"]!];
        var foundGroup = byId[(string)group["id"]!];
        Assert.Equal([ScimClient.UserSchema, ScimClient.EnterpriseSchema], foundUser["schemas"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("User", (string)foundUser["meta"]!["resourceType"]!);
        Assert.EndsWith($"/Users/{user["id"]}", (string)foundUser["meta"]!["location"]!, StringComparison.Ordinal);
        Assert.Equal([ScimClient.GroupSchema], foundGroup["schemas"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("Group", (string)foundGroup["meta"]!["resourceType"]!);
        Assert.EndsWith($"/Groups/{group["id"]}", (string)foundGroup["meta"]!["location"]!, StringComparison.Ordinal);
        Assert.Equal((string)user["id"]!, (string)foundGroup["members"]![0]!["value"]!);
    }

    [Theory]
    [InlineData("userName sw \"root\"")]
    [InlineData("emails.value co \"@example.com\"")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber pr")]
    [InlineData("active eq true and userName pr")]
    public async Task A_root_filter_that_only_fits_users_finds_the_users(string filter)
    {
        var scim = await factory.CreateTenantAsync();
        var one = await scim.CreateUserAsync("root-one@example.com", u => u[ScimClient.EnterpriseSchema] = new JsonObject { ["employeeNumber"] = "1" });
        var two = await scim.CreateUserAsync("root-two@example.com", u => u[ScimClient.EnterpriseSchema] = new JsonObject { ["employeeNumber"] = "2" });
        await scim.CreateGroupAsync("root group", (string)one["id"]!);

        var page = await scim.PostAsync("/.search", Search(("filter", filter)));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(new[] { (string)one["id"]!, (string)two["id"]! }.Order(), page.Ids.Order());
        Assert.Equal(2, (int)page.Json["totalResults"]!);
    }

    [Fact]
    public async Task A_root_filter_that_fits_both_types_finds_both()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("sales-person", u => u["displayName"] = "Sales");
        var group = await scim.CreateGroupAsync("sales");
        await scim.CreateGroupAsync("Marketing");
        await scim.CreateUserAsync("other", u => u["displayName"] = "Other");

        var page = await scim.PostAsync("/.search", Search(("filter", "displayName eq \"SALES\"")));

        Assert.Equal(new[] { (string)user["id"]!, (string)group["id"]! }.Order(), page.Ids.Order());
    }

    [Fact]
    public async Task A_root_filter_on_group_members_finds_only_groups()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("member@example.com");
        var group = await scim.CreateGroupAsync("with member", (string)user["id"]!);
        await scim.CreateGroupAsync("empty");

        var page = await scim.PostAsync("/.search", Search(("filter", $"members[value eq \"{user["id"]}\"]")));

        Assert.Equal([(string)group["id"]!], page.Ids);
    }

    [Theory]
    [InlineData("fooBar eq \"x\"")]
    [InlineData("userName gt true")]
    [InlineData("members.fooBar eq \"x\"")]
    [InlineData("userName eq \"a\" and members.fooBar eq \"x\"")]
    [InlineData("userName eq")]
    public async Task A_root_filter_that_fits_no_type_is_400_invalidFilter(string filter)
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("someone@example.com");

        var response = await scim.PostAsync("/.search", Search(("filter", filter)));

        Assert.Equal("invalidFilter", response.AssertError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Root_search_sorts_each_type_by_its_own_attribute_and_puts_the_rest_last()
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("bravo");
        await scim.CreateGroupAsync("Group Z");
        await scim.CreateUserAsync("Alpha");
        await scim.CreateUserAsync("charlie");

        var ascending = await scim.PostAsync("/.search", Search(("sortBy", "userName")));
        var descending = await scim.PostAsync("/.search", Search(("sortBy", "userName"), ("sortOrder", "descending")));

        Assert.Equal(["Alpha", "bravo", "charlie", "Group Z"], Names(ascending));
        Assert.Equal(["Group Z", "charlie", "bravo", "Alpha"], Names(descending));
    }

    [Theory]
    [InlineData("/Users/.search", "members.value eq \"x\"")]
    [InlineData("/Groups/.search", "userName eq \"x\"")]
    [InlineData("/Groups/.search", "emails[type eq \"work\"]")]
    public async Task A_typed_search_refuses_a_filter_of_the_other_type(string path, string filter)
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.PostAsync(path, Search(("filter", filter)));

        Assert.Equal("invalidFilter", response.AssertError(HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("nickName pr", new[] { "named" })]
    [InlineData("nickName eq null", new[] { "blank", "absent" })]
    [InlineData("nickName ne null", new[] { "named" })]
    [InlineData("not (nickName pr)", new[] { "blank", "absent" })]
    [InlineData("title ne \"x\"", new string[] { })]
    [InlineData("not (title eq \"x\")", new[] { "blank", "named", "absent" })]
    public async Task Empty_and_absent_values_filter_as_not_present(string filter, string[] expected)
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("blank", u => u["nickName"] = "");
        await scim.CreateUserAsync("named", u => u["nickName"] = "Babs");
        await scim.CreateUserAsync("absent");

        var page = await scim.PostAsync("/Users/.search", Search(("filter", filter)));

        Assert.Equal(expected.Order(StringComparer.Ordinal), Names(page).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Meta_created_filters_compare_instants_whatever_the_offset()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("timed@example.com");
        var created = DateTimeOffset.Parse((string)user["meta"]!["created"]!, System.Globalization.CultureInfo.InvariantCulture);
        var inFiveHoursOffset = created.ToOffset(TimeSpan.FromHours(5)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        var minuteEarlierWest = created.AddMinutes(-1).ToOffset(TimeSpan.FromHours(-7)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);

        async Task<int> CountAsync(string filter) =>
            (int)(await scim.PostAsync("/Users/.search", Search(("filter", filter)))).Json["totalResults"]!;

        Assert.Equal(1, await CountAsync($"meta.created eq \"{inFiveHoursOffset}\""));
        Assert.Equal(0, await CountAsync($"meta.created gt \"{inFiveHoursOffset}\""));
        Assert.Equal(1, await CountAsync($"meta.created ge \"{inFiveHoursOffset}\""));
        Assert.Equal(1, await CountAsync($"meta.created gt \"{minuteEarlierWest}\""));
        Assert.Equal(0, await CountAsync($"meta.created lt \"{minuteEarlierWest}\""));
        Assert.Equal(1, await CountAsync($"meta.lastModified le \"{inFiveHoursOffset}\" and meta.lastModified ge \"{minuteEarlierWest}\""));
    }

    [Theory]
    [InlineData("/Users/.search")]
    [InlineData("/Groups/.search")]
    [InlineData("/.search")]
    public async Task A_search_body_without_the_SearchRequest_schema_is_400_invalidSyntax(string path)
    {
        var scim = await factory.CreateTenantAsync();

        var missing = await scim.PostAsync(path, new JsonObject { ["filter"] = "displayName pr" });
        var wrong = await scim.PostAsync(path, new JsonObject { ["schemas"] = new JsonArray(ScimClient.ListSchema), ["filter"] = "displayName pr" });
        var notList = await scim.PostAsync(path, new JsonObject { ["schemas"] = SearchRequestSchema });

        Assert.Equal("invalidSyntax", missing.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal("invalidSyntax", wrong.AssertError(HttpStatusCode.BadRequest));
        Assert.Equal("invalidSyntax", notList.AssertError(HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("/Users/.search")]
    [InlineData("/Groups/.search")]
    [InlineData("/.search")]
    public async Task An_invalid_sortOrder_in_a_body_is_400_invalidValue(string path)
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.PostAsync(path, Search(("sortBy", "displayName"), ("sortOrder", "sideways")));

        Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("""{ "attributes": ["userName", 7] }""", "invalidSyntax")]
    [InlineData("""{ "filter": { "userName": "x" } }""", "invalidSyntax")]
    [InlineData("""{ "count": true }""", "invalidSyntax")]
    [InlineData("""{ "startIndex": "first" }""", "invalidValue")]
    [InlineData("""{ "attributes": "user name" }""", "invalidValue")]
    [InlineData("""{ "filter": 42 }""", "invalidFilter")]
    public async Task A_malformed_search_body_field_is_400(string fields, string scimType)
    {
        var scim = await factory.CreateTenantAsync();
        var body = JsonNode.Parse(fields)!.AsObject();
        body["schemas"] = new JsonArray(SearchRequestSchema);

        var response = await scim.PostAsync("/Users/.search", body);

        Assert.Equal(scimType, response.AssertError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Body_attributes_may_be_a_JSON_array_or_a_comma_separated_string()
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("shape@example.com", u => u["displayName"] = "Shape");

        var asArray = await scim.PostAsync("/Users/.search", Search(("attributes", new JsonArray("userName", "displayName"))));
        var asText = await scim.PostAsync("/Users/.search", Search(("attributes", "userName, displayName")));
        var excludedArray = await scim.PostAsync("/Users/.search", Search(("excludedAttributes", new JsonArray("emails", "name"))));
        var excludedText = await scim.PostAsync("/Users/.search", Search(("excludedAttributes", "emails,name")));

        var expected = new[] { "displayName", "id", "schemas", "userName" };
        Assert.Equal(expected, Keys(asArray));
        Assert.Equal(expected, Keys(asText));
        var excluded = Keys(excludedArray);
        Assert.Equal(excluded, Keys(excludedText));
        Assert.DoesNotContain("emails", excluded);
        Assert.DoesNotContain("name", excluded);
        Assert.Contains("userName", excluded);
        Assert.Contains("meta", excluded);
    }

    [Fact]
    public async Task Body_names_are_case_insensitive_and_numbers_may_be_numbers_or_strings()
    {
        var scim = await factory.CreateTenantAsync();
        foreach (var userName in new[] { "n3", "n1", "n2" })
        {
            await scim.CreateUserAsync(userName);
        }

        var numbers = await scim.PostAsync("/Users/.search", new JsonObject
        {
            ["Schemas"] = new JsonArray(SearchRequestSchema),
            ["SortBy"] = "userName",
            ["StartIndex"] = 2,
            ["COUNT"] = 1,
        });
        var strings = await scim.PostAsync("/Users/.search", Search(("sortBy", "userName"), ("startIndex", "2"), ("count", "1")));

        Assert.Equal(["n2"], Names(numbers));
        Assert.Equal(["n2"], Names(strings));
        Assert.Equal(2, (int)numbers.Json["startIndex"]!);
    }

    [Theory]
    [InlineData("a\"b")]
    [InlineData("a\\b")]
    [InlineData("a\\\"b")]
    [InlineData("a\\\\b")]
    [InlineData("ab")]
    [InlineData("\"")]
    public async Task Quotes_and_backslashes_in_a_filter_match_exactly_that_userName(string userName)
    {
        var scim = await factory.CreateTenantAsync();
        var ids = new Dictionary<string, string>();
        foreach (var name in new[] { "a\"b", "a\\b", "a\\\"b", "a\\\\b", "ab", "\"" })
        {
            ids[name] = (string)(await scim.CreateUserAsync(name))["id"]!;
        }
        // userName eq "a\"b": a quote and a backslash are escaped with a backslash, as in JSON.
        var filter = $"userName eq \"{userName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

        var got = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString(filter));
        var posted = await scim.PostAsync("/Users/.search", Search(("filter", filter)));

        Assert.Equal([ids[userName]], got.Ids);
        Assert.Equal([ids[userName]], posted.Ids);
        Assert.Equal(userName, (string)got.Json["Resources"]![0]!["userName"]!);
    }

    [Theory]
    [InlineData("userName eq \"a\\\"b\"", new[] { "a\"b" })]
    [InlineData("userName eq \"a\\\\b\"", new[] { "a\\b" })]
    [InlineData("userName co \"\\\"\"", new[] { "a\"b", "a\\\"b", "\"" })]
    [InlineData("userName co \"\\\\\"", new[] { "a\\b", "a\\\"b", "a\\\\b" })]
    [InlineData("userName co \"\\\\\\\\\"", new[] { "a\\\\b" })]
    [InlineData("userName sw \"a\\\\\"", new[] { "a\\b", "a\\\"b", "a\\\\b" })]
    [InlineData("userName ew \"\\\"b\"", new[] { "a\"b", "a\\\"b" })]
    [InlineData("userName co \"%\" or userName co \"_\"", new string[0])]
    public async Task Escaped_characters_in_substring_filters_are_literal(string filter, string[] expected)
    {
        var scim = await factory.CreateTenantAsync();
        foreach (var name in new[] { "a\"b", "a\\b", "a\\\"b", "a\\\\b", "ab", "\"" })
        {
            await scim.CreateUserAsync(name);
        }

        var page = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(expected.Order(StringComparer.Ordinal), Names(page).Order(StringComparer.Ordinal));
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

    private static List<string> Names(ScimResponse page) =>
        page.Json["Resources"]!.AsArray().Select(r => (string)(r!["userName"] ?? r["displayName"])!).ToList();

    private static List<string> Keys(ScimResponse page) =>
        page.Json["Resources"]![0]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
}
