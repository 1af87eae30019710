using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Access;

/// <summary>Mapping IdP groups to roles and workspaces over /api (issue #13): by name or id, replaced in place, removed, checked.</summary>
public sealed class AccessMappingTests(QuietAccessFactory factory) : IClassFixture<QuietAccessFactory>
{
    [Fact]
    public async Task A_group_is_mapped_by_name_case_folded_and_another_by_id_as_given()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var byName = await admin.MapAsync(scim.TenantId!, """{"group": "SaaS-Admins", "roles": ["admin", "billing"]}""");
        var byId = await admin.MapAsync(scim.TenantId!, """{"group": "9F3a-Group", "by": "id", "workspaces": ["finance"]}""");

        Assert.StartsWith("map_", (string)byName["id"]!, StringComparison.Ordinal);
        Assert.Equal("saas-admins", (string)byName["group"]!);
        Assert.Equal("name", (string)byName["by"]!);
        Assert.Equal(["admin", "billing"], byName["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Empty(byName["workspaces"]!.AsArray());
        Assert.Equal("9F3a-Group", (string)byId["group"]!);
        Assert.Equal("id", (string)byId["by"]!);
        Assert.Equal(["finance"], byId["workspaces"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(["by", "createdAt", "group", "id", "roles", "workspaces"], byName.Select(p => p.Key).Order(StringComparer.Ordinal));
        var listed = await admin.ListMappingsAsync(scim.TenantId!);
        Assert.Equal([(string)byName["id"]!, (string)byId["id"]!], listed.Select(m => (string)m["id"]!));
        Assert.Equal(byName.ToJsonString(), listed[0].ToJsonString());
    }

    [Fact]
    public async Task Mapping_a_mapped_group_again_replaces_what_it_grants_keeps_its_id_and_answers_200()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var first = await admin.MapAsync(scim.TenantId!, """{"group": "Engineering", "roles": ["member"], "workspaces": ["eng"]}""");

        var second = await admin.MapAsync(scim.TenantId!, """{"group": "ENGINEERING", "by": "name", "roles": ["editor"]}""", HttpStatusCode.OK);

        Assert.Equal((string)first["id"]!, (string)second["id"]!);
        Assert.Equal((string)first["createdAt"]!, (string)second["createdAt"]!);
        Assert.Equal(["editor"], second["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Empty(second["workspaces"]!.AsArray());
        var only = Assert.Single(await admin.ListMappingsAsync(scim.TenantId!));
        Assert.Equal(second.ToJsonString(), only.ToJsonString());
    }

    [Fact]
    public async Task The_same_text_by_name_and_by_id_are_two_mappings()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        await admin.MapAsync(scim.TenantId!, """{"group": "ops", "roles": ["a"]}""");
        await admin.MapAsync(scim.TenantId!, """{"group": "ops", "by": "id", "roles": ["b"]}""");

        Assert.Equal(2, (await admin.ListMappingsAsync(scim.TenantId!)).Count);
    }

    [Fact]
    public async Task Delete_removes_a_mapping_and_a_second_delete_is_a_404()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var kept = await admin.MapAsync(scim.TenantId!, """{"group": "keep", "roles": ["viewer"]}""");
        var gone = await admin.MapAsync(scim.TenantId!, """{"group": "Gone", "roles": ["viewer"]}""");
        var path = AccessApi.Mappings(scim.TenantId!, (string)gone["id"]!);

        var removed = await admin.DeleteAsync(path);
        var again = await admin.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        Assert.Contains((string)gone["id"]!, again.AssertProblem(HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Equal([(string)kept["id"]!], (await admin.ListMappingsAsync(scim.TenantId!)).Select(m => (string)m["id"]!));
        await admin.MapAsync(scim.TenantId!, """{"group": "gone", "roles": ["viewer"]}""", HttpStatusCode.Created);
    }

    [Fact]
    public async Task Another_tenants_mapping_is_a_404_and_is_not_listed()
    {
        var mine = await factory.CreateTenantAsync();
        var theirs = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var their = await admin.MapAsync(theirs.TenantId!, """{"group": "admins", "roles": ["admin"]}""");

        var delete = await admin.DeleteAsync(AccessApi.Mappings(mine.TenantId!, (string)their["id"]!));

        delete.AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty(await admin.ListMappingsAsync(mine.TenantId!));
        Assert.Single(await admin.ListMappingsAsync(theirs.TenantId!));
    }

    [Fact]
    public async Task An_unknown_tenant_is_a_404()
    {
        var admin = await AdminClient.CreateAsync(factory);

        (await admin.GetAsync(AccessApi.Mappings("no-such-tenant"))).AssertProblem(HttpStatusCode.NotFound);
        (await admin.PostAsync(AccessApi.Mappings("no-such-tenant"), """{"group": "g", "roles": ["r"]}""")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"group": "g"}""", "at least one role or workspace")]
    [InlineData("""{"group": "g", "roles": [], "workspaces": null}""", "at least one role or workspace")]
    [InlineData("""{"roles": ["r"]}""", "group is required")]
    [InlineData("""{"group": "", "roles": ["r"]}""", "group: the group must not be empty")]
    [InlineData("""{"group": 7, "roles": ["r"]}""", "group is required")]
    [InlineData("""{"group": "g", "by": "email", "roles": ["r"]}""", "by must be \"name\"")]
    [InlineData("""{"group": "g", "by": 1, "roles": ["r"]}""", "by must be \"name\"")]
    [InlineData("""{"group": "g", "roles": ["admin,owner"]}""", "roles: role 'admin,owner' contains a comma")]
    [InlineData("""{"group": "g", "roles": [""]}""", "roles: a role name must not be empty")]
    [InlineData("""{"group": "g", "workspaces": ["fin\u0007ance"]}""", "workspaces: workspace 'fin?ance' contains a control character")]
    [InlineData("""{"group": "g", "workspaces": [" finance"]}""", "starts or ends with a space")]
    [InlineData("""{"group": "g", "roles": "admin"}""", "roles must be an array of names")]
    [InlineData("""{"group": "g", "roles": [1]}""", "roles must be an array of names")]
    [InlineData("""{"group": "g", "roles": ["r"], "rank": 3}""", "'rank' is not a member")]
    [InlineData("""["g"]""", "must be a JSON object")]
    [InlineData("""{"group": """, "not valid JSON")]
    public async Task A_bad_mapping_is_a_400_that_says_what_to_fix_and_stores_nothing(string body, string expected)
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.PostAsync(AccessApi.Mappings(scim.TenantId!), body);

        Assert.Contains(expected, response.AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Empty(await admin.ListMappingsAsync(scim.TenantId!));
        Assert.False(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));
    }

    [Fact]
    public async Task Names_longer_than_100_characters_and_more_than_50_names_are_refused()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var many = string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"r{i}\""));

        var tooLong = await admin.PostAsync(AccessApi.Mappings(scim.TenantId!), $$"""{"group": "g", "roles": ["{{new string('r', 101)}}"]}""");
        var tooMany = await admin.PostAsync(AccessApi.Mappings(scim.TenantId!), $$"""{"group": "g", "roles": [{{many}}]}""");
        var fifty = await admin.PostAsync(AccessApi.Mappings(scim.TenantId!),
            $$"""{"group": "g", "roles": [{{string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"r{i}\""))}}], "workspaces": ["{{new string('w', 100)}}"]}""");

        Assert.Contains("longer than 100 characters", tooLong.AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("at most 50 roles, not 51", tooMany.AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, fifty.Status);
        Assert.Equal(50, fifty.Json["roles"]!.AsArray().Count);
    }

    [Fact]
    public async Task Duplicate_names_are_kept_once()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var mapping = await admin.MapAsync(scim.TenantId!, """{"group": "g", "roles": ["admin", "Admin", "admin"]}""");

        Assert.Equal(["admin", "Admin"], mapping["roles"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public async Task Mapping_and_unmapping_each_ask_for_a_recomputation_of_the_tenants_access()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        Assert.False(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));

        var mapping = await admin.MapAsync(scim.TenantId!, """{"group": "g", "roles": ["admin"]}""");
        Assert.True(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));

        await AccessApi.ForgetReconciliationAsync(factory, scim.TenantId!);
        await admin.MapAsync(scim.TenantId!, """{"group": "G", "roles": ["viewer"]}""", HttpStatusCode.OK);
        Assert.True(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));

        await AccessApi.ForgetReconciliationAsync(factory, scim.TenantId!);
        await admin.DeleteAsync(AccessApi.Mappings(scim.TenantId!, (string)mapping["id"]!));
        Assert.True(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));

        await AccessApi.ForgetReconciliationAsync(factory, scim.TenantId!);
        await admin.DeleteAsync(AccessApi.Mappings(scim.TenantId!, (string)mapping["id"]!));
        Assert.False(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));
    }
}
