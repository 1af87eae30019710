using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

public sealed class SortingTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const string EmployeeNumber = ScimClient.EnterpriseSchema + ":employeeNumber";

    [Theory]
    [InlineData("sortBy=userName", new[] { "Alice", "bob", "Carol", "dave" })]
    [InlineData("sortBy=userName&sortOrder=ascending", new[] { "Alice", "bob", "Carol", "dave" })]
    [InlineData("sortBy=USERNAME&sortOrder=Descending", new[] { "dave", "Carol", "bob", "Alice" })]
    [InlineData("sortBy=userName&sortOrder=descending", new[] { "dave", "Carol", "bob", "Alice" })]
    [InlineData("sortBy=urn:ietf:params:scim:schemas:core:2.0:User:userName&sortOrder=descending", new[] { "dave", "Carol", "bob", "Alice" })]
    public async Task UserName_sorts_case_insensitively_in_either_direction(string query, string[] expected)
    {
        var scim = await factory.CreateTenantAsync();
        foreach (var userName in new[] { "Carol", "dave", "Alice", "bob" })
        {
            await scim.CreateUserAsync(userName);
        }

        var page = await scim.GetAsync("/Users?" + query);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(expected, UserNames(page));
    }

    [Theory]
    [InlineData("sortBy=name.familyName", new[] { "adams", "jones", "smith", "nobody", "blank" })]
    [InlineData("sortBy=name.familyName&sortOrder=descending", new[] { "nobody", "blank", "smith", "jones", "adams" })]
    public async Task Users_without_the_sort_value_come_last_ascending_and_first_descending(string query, string[] expected)
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("smith", u => u["name"] = new JsonObject { ["familyName"] = "smith" });
        await scim.CreateUserAsync("nobody", u => u.Remove("name"));
        await scim.CreateUserAsync("adams", u => u["name"] = new JsonObject { ["familyName"] = "Adams" });
        await scim.CreateUserAsync("blank", u => u["name"] = new JsonObject { ["givenName"] = "Only" });
        await scim.CreateUserAsync("jones", u => u["name"] = new JsonObject { ["familyName"] = "JONES" });

        var names = UserNames(await scim.GetAsync("/Users?" + query));

        // The two users without a family name tie; only their place as a block is asserted.
        Assert.Equal(expected.Length, names.Count);
        var missing = new[] { "nobody", "blank" };
        Assert.Equal(expected.Select(n => missing.Contains(n) ? "-" : n), names.Select(n => missing.Contains(n) ? "-" : n));
    }

    [Theory]
    [InlineData("", new[] { "e1000", "e20", "e300", "none" })]
    [InlineData("&sortOrder=descending", new[] { "none", "e300", "e20", "e1000" })]
    public async Task An_enterprise_attribute_sorts_as_a_string_with_missing_values_placed_by_direction(string order, string[] expected)
    {
        var scim = await factory.CreateTenantAsync();
        foreach (var number in new[] { "300", "1000", "20" })
        {
            await scim.CreateUserAsync("e" + number, u => u[ScimClient.EnterpriseSchema] = new JsonObject { ["employeeNumber"] = number });
        }
        await scim.CreateUserAsync("none");

        Assert.Equal(expected, UserNames(await scim.GetAsync($"/Users?sortBy={EmployeeNumber}{order}")));
        // Names are case-insensitive, URN included.
        Assert.Equal(expected, UserNames(await scim.GetAsync($"/Users?sortBy={EmployeeNumber.ToUpperInvariant()}{order}")));
    }

    [Theory]
    [InlineData("emails")]
    [InlineData("emails.value")]
    [InlineData("Emails.Value")]
    public async Task Emails_sort_by_the_primary_value_else_the_first(string sortBy)
    {
        var scim = await factory.CreateTenantAsync();
        // Sort keys: primary "b@x" (listed second), first "m@x" (no primary), primary "C@x", first "a@x", none.
        await scim.CreateUserAsync("primary-second", u => u["emails"] = Emails(("z@x", false), ("b@x", true)));
        await scim.CreateUserAsync("no-primary", u => u["emails"] = Emails(("m@x", false), ("a0@x", false)));
        await scim.CreateUserAsync("upper", u => u["emails"] = Emails(("C@x", true)));
        await scim.CreateUserAsync("first", u => u["emails"] = Emails(("a@x", false), ("zz@x", false)));
        await scim.CreateUserAsync("no-emails", u => u.Remove("emails"));

        var ascending = UserNames(await scim.GetAsync($"/Users?sortBy={sortBy}"));
        var descending = UserNames(await scim.GetAsync($"/Users?sortBy={sortBy}&sortOrder=descending"));

        Assert.Equal(["first", "primary-second", "upper", "no-primary", "no-emails"], ascending);
        Assert.Equal(["no-emails", "no-primary", "upper", "primary-second", "first"], descending);
    }

    [Fact]
    public async Task Strings_sort_by_code_point_after_folding_case()
    {
        var scim = await factory.CreateTenantAsync();
        foreach (var userName in new[] { "zed", "Élodie", "ana", "Zara", "émile", "Bob" })
        {
            await scim.CreateUserAsync(userName);
        }

        // Folded: ana, bob, zara, zed, élodie, émile; é (U+00E9) comes after z by code point, whatever a culture says.
        Assert.Equal(["ana", "Bob", "Zara", "zed", "Élodie", "émile"], UserNames(await scim.GetAsync("/Users?sortBy=userName")));
    }

    [Fact]
    public async Task A_caseExact_attribute_sorts_case_sensitively()
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("one", u => u["externalId"] = "alpha");
        await scim.CreateUserAsync("two", u => u["externalId"] = "Beta");
        await scim.CreateUserAsync("three", u => u["externalId"] = "Alpha");

        // externalId is caseExact: upper case comes before lower case.
        Assert.Equal(["three", "two", "one"], UserNames(await scim.GetAsync("/Users?sortBy=externalId")));
        // displayName is not: the same values sort alphabetically.
        await scim.CreateUserAsync("four", u => u["displayName"] = "beta");
        await scim.CreateUserAsync("five", u => u["displayName"] = "Alpha");
        await scim.CreateUserAsync("six", u => u["displayName"] = "Gamma");
        Assert.Equal(["five", "four", "six"], UserNames(await scim.GetAsync("/Users?sortBy=displayName&filter=displayName%20pr")));
    }

    [Theory]
    [InlineData("", new[] { "m100", "m2", "m30", "none" })]
    [InlineData("&sortOrder=descending", new[] { "none", "m30", "m2", "m100" })]
    public async Task An_enterprise_sub_attribute_sorts_with_missing_values_placed_by_direction(string order, string[] expected)
    {
        var scim = await factory.CreateTenantAsync();
        foreach (var manager in new[] { "30", "100", "2" })
        {
            await scim.CreateUserAsync("m" + manager, u => u[ScimClient.EnterpriseSchema] = new JsonObject
            {
                ["manager"] = new JsonObject { ["value"] = manager },
            });
        }
        await scim.CreateUserAsync("none", u => u[ScimClient.EnterpriseSchema] = new JsonObject { ["department"] = "No manager" });

        Assert.Equal(expected, UserNames(await scim.GetAsync($"/Users?sortBy={ScimClient.EnterpriseSchema}:manager.value{order}")));
    }

    [Fact]
    public async Task Meta_created_sorts_in_creation_order_and_back()
    {
        var scim = await factory.CreateTenantAsync();
        var created = new List<string>();
        foreach (var userName in new[] { "zeta", "alpha", "mu", "beta" })
        {
            created.Add((string)(await scim.CreateUserAsync(userName))["id"]!);
            // meta.created has millisecond precision: keep the four apart so their order is the creation order.
            await Task.Delay(5);
        }

        Assert.Equal(created, (await scim.GetAsync("/Users?sortBy=meta.created")).Ids);
        Assert.Equal(Enumerable.Reverse(created), (await scim.GetAsync("/Users?sortBy=meta.created&sortOrder=descending")).Ids);
    }

    [Fact]
    public async Task Ties_are_broken_by_id_in_the_sort_direction()
    {
        var scim = await factory.CreateTenantAsync();
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((string)(await scim.CreateUserAsync($"tie{i}", u => u["name"] = new JsonObject { ["familyName"] = i % 2 == 0 ? "Same" : "SAME" }))["id"]!);
        }
        var byId = ids.Order(StringComparer.Ordinal).ToList();

        Assert.Equal(byId, (await scim.GetAsync("/Users?sortBy=name.familyName")).Ids);
        Assert.Equal(Enumerable.Reverse(byId), (await scim.GetAsync("/Users?sortBy=name.familyName&sortOrder=descending")).Ids);
    }

    [Fact]
    public async Task Sorting_orders_the_filtered_list_before_the_page_is_cut()
    {
        var scim = await factory.CreateTenantAsync();
        foreach (var userName in new[] { "k5", "k1", "x9", "k4", "k2", "k3" })
        {
            await scim.CreateUserAsync(userName);
        }

        var page = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("userName sw \"k\"") + "&sortBy=userName&sortOrder=descending&startIndex=2&count=2");

        Assert.Equal(["k4", "k3"], UserNames(page));
        Assert.Equal(5, (int)page.Json["totalResults"]!);
        Assert.Equal(2, (int)page.Json["startIndex"]!);
    }

    [Fact]
    public async Task Groups_sort_by_displayName()
    {
        var scim = await factory.CreateTenantAsync();
        foreach (var name in new[] { "sales", "Engineering", "admins" })
        {
            await scim.CreateGroupAsync(name);
        }

        var ascending = await scim.GetAsync("/Groups?sortBy=displayName");
        var descending = await scim.GetAsync("/Groups?sortBy=displayName&sortOrder=descending");

        Assert.Equal(["admins", "Engineering", "sales"], DisplayNames(ascending));
        Assert.Equal(["sales", "Engineering", "admins"], DisplayNames(descending));
    }

    [Theory]
    [InlineData("/Users?sortBy=userName&sortOrder=up")]
    [InlineData("/Users?sortBy=userName&sortOrder=asc")]
    [InlineData("/Users?sortOrder=desc")]
    [InlineData("/Users?sortBy=groups")]
    [InlineData("/Users?sortBy=groups.value")]
    [InlineData("/Groups?sortBy=members")]
    [InlineData("/Groups?sortBy=members.value")]
    [InlineData("/Users?sortBy=fooBar")]
    [InlineData("/Users?sortBy=name.fooBar")]
    [InlineData("/Users?sortBy=name")]
    [InlineData("/Users?sortBy=meta")]
    [InlineData("/Users?sortBy=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")]
    [InlineData("/Users?sortBy=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:fooBar")]
    [InlineData("/Users?sortBy=urn:example:params:scim:schemas:extension:acme:2.0:User:level")]
    [InlineData("/Groups?sortBy=userName")]
    [InlineData("/Users?sortBy=user%20name")]
    public async Task Unsupported_sort_parameters_are_400_invalidValue(string request)
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("someone");

        var response = await scim.GetAsync(request);

        Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
    }

    private static JsonArray Emails(params (string Value, bool Primary)[] emails) =>
        new([.. emails.Select(e => (JsonNode)new JsonObject { ["value"] = e.Value, ["type"] = "work", ["primary"] = e.Primary })]);

    private static List<string> UserNames(ScimResponse page) =>
        page.Json["Resources"]!.AsArray().Select(r => (string)r!["userName"]!).ToList();

    private static List<string> DisplayNames(ScimResponse page) =>
        page.Json["Resources"]!.AsArray().Select(r => (string)r!["displayName"]!).ToList();
}
