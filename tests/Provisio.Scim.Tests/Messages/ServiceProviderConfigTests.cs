using System.Text.Json.Nodes;
using Provisio.Scim.Messages;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Messages;

public sealed class ServiceProviderConfigTests
{
    private const string BaseUrl = "https://scim.example.com/scim/v2/acme";

    private static readonly ServiceProviderConfig Configured = new()
    {
        PatchSupported = true,
        BulkSupported = true,
        BulkMaxOperations = 1000,
        BulkMaxPayloadSize = 1048576,
        FilterSupported = true,
        FilterMaxResults = 200,
        ChangePasswordSupported = false,
        SortSupported = false,
        ETagSupported = true,
    };

    [Fact]
    public void Carries_each_feature_as_configured()
    {
        var json = Configured.ToJson(BaseUrl);

        Assert.Equal([ScimSchemas.ServiceProviderConfig], json["schemas"]!.AsArray().Select(s => (string?)s));
        JsonAssert.Equal("""{ "supported": true }""", json["patch"]);
        JsonAssert.Equal("""{ "supported": true, "maxOperations": 1000, "maxPayloadSize": 1048576 }""", json["bulk"]);
        JsonAssert.Equal("""{ "supported": true, "maxResults": 200 }""", json["filter"]);
        JsonAssert.Equal("""{ "supported": false }""", json["changePassword"]);
        JsonAssert.Equal("""{ "supported": false }""", json["sort"]);
        JsonAssert.Equal("""{ "supported": true }""", json["etag"]);
        JsonAssert.Equal($$"""{ "resourceType": "ServiceProviderConfig", "location": "{{BaseUrl}}/ServiceProviderConfig" }""", json["meta"]);
    }

    [Theory]
    [InlineData("patch")]
    [InlineData("bulk")]
    [InlineData("filter")]
    [InlineData("changePassword")]
    [InlineData("sort")]
    [InlineData("etag")]
    public void Every_feature_says_whether_it_is_supported_even_by_default(string feature)
    {
        var json = new ServiceProviderConfig().ToJson(BaseUrl);

        var supported = Assert.IsType<JsonObject>(json[feature])["supported"];
        Assert.NotNull(supported);
        Assert.Equal(feature == "filter", supported.GetValue<bool>());
    }

    [Fact]
    public void Lists_at_least_one_authentication_scheme_with_a_type_and_a_description()
    {
        var schemes = Assert.IsType<JsonArray>(Configured.ToJson(BaseUrl)["authenticationSchemes"]);

        Assert.NotEmpty(schemes);
        Assert.All(schemes, scheme =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)scheme?["type"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)scheme?["name"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)scheme?["description"]));
        });
    }
}
