using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

/// <summary>A group's members are streamed on GET; the result must be exactly what the buffered path gives.</summary>
public sealed class LargeGroupReadTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task A_group_with_thousands_of_members_is_returned_whole_with_refs_display_and_etag()
    {
        var scim = await factory.CreateTenantAsync();
        var ids = new List<string>();
        for (var i = 0; i < 1_500; i++)
        {
            ids.Add((string)(await scim.CreateUserAsync($"member{i:D4}@example.com"))["id"]!);
        }
        var group = await scim.CreateGroupAsync("Everyone", [.. ids]);

        var response = await scim.GetAsync($"/Groups/{group["id"]}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/scim+json", response.ContentType);
        Assert.Equal((string)group["meta"]!["version"]!, response.Headers.ETag!.ToString());
        var json = response.Json;
        Assert.Equal("Everyone", (string)json["displayName"]!);
        Assert.Equal("Group", (string)json["meta"]!["resourceType"]!);
        var members = json["members"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), members.Select(m => (string)m["value"]!));
        var first = members.Single(m => (string)m["value"]! == ids[0]);
        Assert.Equal("member0000@example.com", (string)first["display"]!);
        Assert.Equal("User", (string)first["type"]!);
        Assert.Equal($"http://localhost{scim.BasePath}/Users/{ids[0]}", (string)first["$ref"]!);
    }

    [Fact]
    public async Task Streamed_and_projected_reads_of_a_group_agree()
    {
        var scim = await factory.CreateTenantAsync();
        var alice = (string)(await scim.CreateUserAsync("alice@example.com"))["id"]!;
        var inner = (string)(await scim.CreateGroupAsync("Inner"))["id"]!;
        var group = (string)(await scim.CreateGroupAsync("Outer", alice, inner))["id"]!;

        var whole = (await scim.GetAsync($"/Groups/{group}")).Json;
        var listed = (await scim.GetAsync($"/Groups?filter=displayName eq \"Outer\"")).Json["Resources"]![0]!;
        var valuesOnly = (await scim.GetAsync($"/Groups/{group}?attributes=members.value")).Json;

        Assert.True(JsonNode.DeepEquals(listed["members"], whole["members"]));
        Assert.True(JsonNode.DeepEquals(listed["meta"], whole["meta"]));
        Assert.Equal(whole["members"]!.AsArray().Select(m => (string)m!["value"]!).Order(), valuesOnly["members"]!.AsArray().Select(m => (string)m!["value"]!).Order());
        Assert.Null(valuesOnly["members"]![0]!["display"]);
    }

    [Fact]
    public async Task An_empty_group_has_no_members_attribute_and_excluded_members_are_not_read()
    {
        var scim = await factory.CreateTenantAsync();
        var alice = (string)(await scim.CreateUserAsync("alice@example.com"))["id"]!;
        var empty = (string)(await scim.CreateGroupAsync("Empty"))["id"]!;
        var full = (string)(await scim.CreateGroupAsync("Full", alice))["id"]!;

        Assert.Null((await scim.GetAsync($"/Groups/{empty}")).Json["members"]);
        Assert.Null((await scim.GetAsync($"/Groups/{full}?excludedAttributes=members")).Json["members"]);
        Assert.Null((await scim.GetAsync($"/Groups/{full}?attributes=displayName")).Json["members"]);
    }
}
