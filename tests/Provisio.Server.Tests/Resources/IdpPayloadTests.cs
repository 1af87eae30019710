using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

/// <summary>Request bodies as the IdPs send them (Fixtures/), replayed as-is: none may break a write.</summary>
public sealed class IdpPayloadTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    public static TheoryData<string> UserFixtures => new(Fixtures("Users"));

    [Theory]
    [MemberData(nameof(UserFixtures))]
    public async Task Idp_user_payloads_are_accepted_and_round_trip(string fixture)
    {
        var scim = await factory.CreateTenantAsync();
        var body = await File.ReadAllTextAsync(fixture);

        var created = await scim.SendAsync(HttpMethod.Post, "/Users", body);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var sent = JsonNode.Parse(body)!.AsObject();
        var read = (await scim.GetAsync($"/Users/{created.Json["id"]}")).Json;
        Assert.Equal((string)sent["userName"]!, (string)read["userName"]!);
        Assert.NotEqual("null", read["id"]?.ToJsonString());
        Assert.Null(read["password"]);

        // The IdP's update is a PUT of the same body with our id: also accepted.
        var put = await scim.SendAsync(HttpMethod.Put, $"/Users/{created.Json["id"]}", body);
        Assert.Equal(HttpStatusCode.OK, put.Status);
    }

    [Fact]
    public async Task Entra_group_with_its_own_schema_urn_is_accepted()
    {
        var scim = await factory.CreateTenantAsync();
        var body = await File.ReadAllTextAsync(Path.Combine("Fixtures", "Entra", "Groups.create.json"));

        var created = await scim.SendAsync(HttpMethod.Post, "/Groups", body);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("Group1DisplayName", (string)created.Json["displayName"]!);
    }

    private static IEnumerable<string> Fixtures(string kind) =>
        Directory.GetFiles("Fixtures", $"{kind}.*.json", SearchOption.AllDirectories).Order();
}
