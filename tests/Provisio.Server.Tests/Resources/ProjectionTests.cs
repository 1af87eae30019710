using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

/// <summary><c>attributes</c> and <c>excludedAttributes</c> (RFC 7644 §3.4.2.5, §3.9) on every way a resource comes back.</summary>
public sealed class ProjectionTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const string Enterprise = ScimClient.EnterpriseSchema;
    private const string Acme = "urn:example:params:scim:schemas:extension:acme:2.0:User";

    /// <summary>How a request can ask for a user back: by GET, in a list, or in answer to a POST or a PUT.</summary>
    public static TheoryData<string> Routes => ["get", "list", "post", "put"];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Attributes_userName_keeps_only_userName_id_and_schemas(string route)
    {
        var scim = await factory.CreateTenantAsync();

        var user = await FetchAsync(scim, route, "attributes=userName");

        Assert.Equal(["id", "schemas", "userName"], Keys(user));
        Assert.Equal("projected@example.com", (string)user["userName"]!);
        Assert.Contains(ScimClient.UserSchema, user["schemas"]!.AsArray().Select(s => (string)s!));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ExcludedAttributes_emails_drops_only_emails(string route)
    {
        var scim = await factory.CreateTenantAsync();

        var user = await FetchAsync(scim, route, "excludedAttributes=emails");

        Assert.Null(user["emails"]);
        Assert.Equal("projected@example.com", (string)user["userName"]!);
        Assert.Equal("Family", (string)user["name"]!["familyName"]!);
        Assert.NotNull(user["meta"]);
        Assert.NotNull(user[Enterprise]);
        Assert.False(string.IsNullOrEmpty((string?)user["id"]));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_enterprise_sub_attribute_can_be_asked_for_alone(string route)
    {
        var scim = await factory.CreateTenantAsync();

        var user = await FetchAsync(scim, route, $"attributes={Enterprise}:manager.value,{Enterprise}:employeeNumber");

        Assert.Equal(["id", "schemas", Enterprise], Keys(user));
        Assert.Equal(["employeeNumber", "manager"], Keys(user[Enterprise]!.AsObject()));
        Assert.Equal("701984", (string)user[Enterprise]!["employeeNumber"]!);
        Assert.Equal(["value"], Keys(user[Enterprise]!["manager"]!.AsObject()));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_enterprise_attribute_can_be_excluded_alone(string route)
    {
        var scim = await factory.CreateTenantAsync();

        var user = await FetchAsync(scim, route, $"excludedAttributes={Enterprise}:department");

        Assert.Equal(["employeeNumber", "manager"], Keys(user[Enterprise]!.AsObject()));
        Assert.NotNull(user["emails"]);
    }

    [Theory]
    [InlineData("attributes=" + Enterprise, true)]
    [InlineData("excludedAttributes=" + Enterprise, false)]
    [InlineData("excludedAttributes=urn:ietf:params:scim:schemas:extension:ENTERPRISE:2.0:user", false)]
    public async Task A_whole_extension_can_be_asked_for_or_excluded(string query, bool present)
    {
        var scim = await factory.CreateTenantAsync();

        var user = await FetchAsync(scim, "get", query);

        Assert.Equal(present, user[Enterprise] is JsonObject { Count: 3 });
        Assert.Equal(!present, user["userName"] is not null);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Attribute_names_are_case_insensitive_and_come_back_in_schema_spelling(string route)
    {
        var scim = await factory.CreateTenantAsync();

        var user = await FetchAsync(scim, route, "attributes=USERNAME,Name.FAMILYNAME,EMAILS.Value");

        Assert.Equal(["emails", "id", "name", "schemas", "userName"], Keys(user));
        Assert.Equal(["familyName"], Keys(user["name"]!.AsObject()));
        Assert.All(user["emails"]!.AsArray(), email => Assert.Equal(["value"], Keys(email!.AsObject())));
        Assert.Equal(2, user["emails"]!.AsArray().Count);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Excluded_names_are_case_insensitive(string route)
    {
        var scim = await factory.CreateTenantAsync();

        var user = await FetchAsync(scim, route, "excludedAttributes=EMAILS,name.GIVENNAME,Meta");

        Assert.Null(user["emails"]);
        Assert.Null(user["meta"]);
        Assert.Equal(["familyName"], Keys(user["name"]!.AsObject()));
        Assert.NotNull(user["userName"]);
    }

    [Theory]
    [InlineData("attributes=password")]
    [InlineData("attributes=userName,password")]
    [InlineData("")]
    public async Task Password_never_comes_back_even_when_asked_for(string query)
    {
        var scim = await factory.CreateTenantAsync();
        var response = await scim.PostAsync("/Users" + (query.Length == 0 ? "" : "?" + query), WithPassword(Barbara()));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Null(response.Json["password"]);
        Assert.DoesNotContain("s3cret-Passw0rd", response.Body, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)response.Json["id"]));
    }

    [Fact]
    public async Task Projection_in_a_list_applies_to_every_resource_and_keeps_the_envelope()
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("one@example.com");
        await scim.CreateUserAsync("two@example.com");

        var list = (await scim.GetAsync("/Users?attributes=userName&sortBy=userName")).Json;

        Assert.Equal(2, (int)list["totalResults"]!);
        Assert.Equal(1, (int)list["startIndex"]!);
        Assert.Equal(["one@example.com", "two@example.com"], list["Resources"]!.AsArray().Select(r => (string)r!["userName"]!));
        Assert.All(list["Resources"]!.AsArray(), r => Assert.Equal(["id", "schemas", "userName"], Keys(r!.AsObject())));
    }

    [Fact]
    public async Task A_root_search_projects_each_resource_by_its_own_type()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("member@example.com", u => u["displayName"] = "Member");
        await scim.CreateGroupAsync("Team", (string)user["id"]!);

        var page = await scim.PostAsync("/.search", new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["attributes"] = new JsonArray("displayName", "members.value"),
        });

        var resources = page.Json["Resources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(2, resources.Count);
        var foundUser = resources.Single(r => (string)r["id"]! == (string)user["id"]!);
        var foundGroup = resources.Single(r => (string)r["id"]! != (string)user["id"]!);
        Assert.Equal(["displayName", "id", "schemas"], Keys(foundUser));
        Assert.Equal(["displayName", "id", "members", "schemas"], Keys(foundGroup));
        Assert.Equal(["value"], Keys(foundGroup["members"]![0]!.AsObject()));
    }

    [Fact]
    public async Task Groups_can_leave_out_their_members()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("member@example.com");
        var group = await scim.CreateGroupAsync("Team", (string)user["id"]!);

        var without = (await scim.GetAsync($"/Groups/{group["id"]}?excludedAttributes=members")).Json;
        var only = (await scim.GetAsync($"/Groups/{group["id"]}?attributes=members")).Json;

        Assert.Null(without["members"]);
        Assert.Equal("Team", (string)without["displayName"]!);
        Assert.Equal(["id", "members", "schemas"], Keys(only));
        Assert.Equal((string)user["id"]!, (string)only["members"]![0]!["value"]!);
    }

    [Fact]
    public async Task Id_and_schemas_cannot_be_excluded()
    {
        var scim = await factory.CreateTenantAsync();

        var user = await FetchAsync(scim, "get", "excludedAttributes=id,SCHEMAS,userName");

        Assert.False(string.IsNullOrEmpty((string?)user["id"]));
        Assert.NotNull(user["schemas"]);
        Assert.Null(user["userName"]);
    }

    [Theory]
    [InlineData("attributes=" + Acme + ":level", new[] { "level" })]
    [InlineData("attributes=" + Acme, new[] { "Badge", "level" })]
    [InlineData("excludedAttributes=" + Acme + ":level", new[] { "Badge" })]
    public async Task Attributes_of_an_undeclared_extension_can_be_projected(string query, string[] expected)
    {
        var scim = await factory.CreateTenantAsync();

        var read = await ReadAcmeUserAsync(scim, query);

        Assert.Equal(expected, Keys(Assert.IsType<JsonObject>(read[Acme])));
    }

    // Entra's custom attributes look like this: urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute.
    [Theory]
    [InlineData("attributes=" + Acme + ":Badge", new[] { "Badge" })]
    [InlineData("excludedAttributes=" + Acme + ":Badge", new[] { "level" })]
    public async Task Upper_case_attributes_of_an_undeclared_extension_can_be_projected(string query, string[] expected)
    {
        var scim = await factory.CreateTenantAsync();

        var read = await ReadAcmeUserAsync(scim, query);

        Assert.Equal(expected, Keys(Assert.IsType<JsonObject>(read[Acme])));
    }

    [Theory]
    [InlineData("attributes=user%20name")]
    [InlineData("excludedAttributes=emails,,%24%24")]
    public async Task A_projection_that_is_not_a_list_of_attribute_paths_is_400_invalidValue(string query)
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("bad-projection@example.com");

        var response = await scim.GetAsync($"/Users/{user["id"]}?{query}");

        Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
    }

    /// <summary>Creates Barbara (or, for PUT, creates her and replaces her with the same data) and returns her as the route shows her.</summary>
    private static async Task<JsonObject> FetchAsync(ScimClient scim, string route, string query)
    {
        if (route == "post")
        {
            var created = await scim.PostAsync("/Users?" + query, Barbara());
            Assert.Equal(HttpStatusCode.Created, created.Status);
            return created.Json;
        }
        var id = await CreateBarbaraAsync(scim);
        if (route == "list")
        {
            await scim.CreateUserAsync("someone-else@example.com");
            var list = await scim.GetAsync($"/Users?filter=id%20eq%20%22{id}%22&{query}");
            Assert.Equal(HttpStatusCode.OK, list.Status);
            return Assert.Single(list.Json["Resources"]!.AsArray())!.AsObject();
        }
        var response = route switch
        {
            "put" => await scim.PutAsync($"/Users/{id}?{query}", Barbara()),
            "get" => await scim.GetAsync($"/Users/{id}?{query}"),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json;
    }

    private static async Task<JsonObject> ReadAcmeUserAsync(ScimClient scim, string query)
    {
        var user = await scim.CreateUserAsync("acme@example.com", u =>
        {
            u["schemas"]!.AsArray().Add(Acme);
            u[Acme] = new JsonObject { ["Badge"] = "B-42", ["level"] = 7 };
        });
        var read = await scim.GetAsync($"/Users/{user["id"]}?{query}");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        return read.Json;
    }

    private static async Task<string> CreateBarbaraAsync(ScimClient scim)
    {
        var created = await scim.PostAsync("/Users", Barbara());
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return (string)created.Json["id"]!;
    }

    private static JsonObject Barbara()
    {
        var user = ScimClient.NewUser("projected@example.com");
        user["schemas"]!.AsArray().Add(Enterprise);
        user["emails"]!.AsArray().Add(new JsonObject { ["value"] = "home@example.com", ["type"] = "home" });
        user[Enterprise] = new JsonObject
        {
            ["employeeNumber"] = "701984",
            ["department"] = "Tour Operations",
            ["manager"] = new JsonObject { ["value"] = "26118915" },
        };
        return user;
    }

    private static JsonObject WithPassword(JsonObject user)
    {
        user["password"] = "s3cret-Passw0rd";
        return user;
    }

    private static List<string> Keys(JsonObject json) => json.Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
}
