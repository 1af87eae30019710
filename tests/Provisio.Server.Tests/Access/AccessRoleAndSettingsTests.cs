using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Access;

/// <summary>Roles' ranks and protection, the sync allowlist and the protected-role policy over /api (issue #13).</summary>
public sealed class AccessRoleAndSettingsTests(QuietAccessFactory factory) : IClassFixture<QuietAccessFactory>
{
    [Fact]
    public async Task Put_sets_a_roles_rank_and_protection_and_list_shows_them_by_name()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var viewer = await admin.PutAsync(AccessApi.Roles(scim.TenantId!, "viewer"), """{"rank": 10}""");
        var admins = await admin.PutAsync(AccessApi.Roles(scim.TenantId!, "admin"), """{"rank": 100, "protected": true}""");
        var changed = await admin.PutAsync(AccessApi.Roles(scim.TenantId!, "viewer"), """{"rank": null, "protected": false}""");

        Assert.Equal(HttpStatusCode.OK, viewer.Status);
        Assert.Equal(HttpStatusCode.OK, admins.Status);
        Assert.Equal("""{"role":"admin","rank":100,"protected":true}""", admins.Json.ToJsonString());
        Assert.Equal("""{"role":"viewer","rank":null,"protected":false}""", changed.Json.ToJsonString());
        var list = await admin.GetAsync(AccessApi.Roles(scim.TenantId!));
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal("""{"items":[{"role":"admin","rank":100,"protected":true},{"role":"viewer","rank":null,"protected":false}]}""", list.Json.ToJsonString());
        Assert.Empty((await admin.GetAsync(AccessApi.Roles((await factory.CreateTenantAsync()).TenantId!))).Json["items"]!.AsArray());
    }

    [Theory]
    [InlineData("admin", """{"rank": "high"}""", "rank must be a whole number")]
    [InlineData("admin", """{"rank": 1.5}""", "rank must be a whole number")]
    [InlineData("admin", """{"rank": 99999999999}""", "rank must be a whole number")]
    [InlineData("admin", """{"protected": "yes"}""", "protected must be true or false")]
    [InlineData("admin", """{"guarded": true}""", "'guarded' is not a member")]
    [InlineData("admin,owner", """{"rank": 1}""", "contains a comma")]
    [InlineData(" admin", """{"rank": 1}""", "starts or ends with a space")]
    public async Task A_bad_role_is_a_400_and_changes_nothing(string role, string body, string expected)
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.PutAsync(AccessApi.Roles(scim.TenantId!, role), body);

        Assert.Contains(expected, response.AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Empty((await admin.GetAsync(AccessApi.Roles(scim.TenantId!))).Json["items"]!.AsArray());
        Assert.False(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));
    }

    [Fact]
    public async Task Setting_a_role_asks_for_a_recomputation()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        await admin.PutAsync(AccessApi.Roles(scim.TenantId!, "admin"), """{"protected": true}""");

        Assert.True(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));
    }

    [Fact]
    public async Task Settings_default_to_every_group_and_refuse_then_patch_changes_only_the_members_given()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var path = AccessApi.Settings(scim.TenantId!);

        var initial = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, initial.Status);
        Assert.Equal("""{"syncGroups":null,"protectedRolePolicy":"refuse"}""", initial.Json.ToJsonString());

        var groups = await admin.PatchAsync(path, """{"syncGroups": ["SaaS-Admins", "finance", "saas-admins"]}""");
        Assert.Equal(HttpStatusCode.OK, groups.Status);
        Assert.Equal("""{"syncGroups":["SaaS-Admins","finance"],"protectedRolePolicy":"refuse"}""", groups.Json.ToJsonString());

        var policy = await admin.PatchAsync(path, """{"protectedRolePolicy": "allow-and-alert"}""");
        Assert.Equal("""{"syncGroups":["SaaS-Admins","finance"],"protectedRolePolicy":"allow-and-alert"}""", policy.Json.ToJsonString());
        Assert.Equal(policy.Json.ToJsonString(), (await admin.GetAsync(path)).Json.ToJsonString());

        var all = await admin.PatchAsync(path, """{"syncGroups": null}""");
        Assert.Equal("""{"syncGroups":null,"protectedRolePolicy":"allow-and-alert"}""", all.Json.ToJsonString());
        var stored = await factory.Services.GetRequiredService<ITenantSettingsStore>().GetAsync(scim.TenantId!, CancellationToken.None);
        Assert.Null(stored.SyncGroups);
        Assert.Equal(ProtectedRolePolicy.AllowAndAlert, stored.ProtectedRolePolicy);
        Assert.Equal(TenantSettings.Default.AuditRetentionDays, stored.AuditRetentionDays);
    }

    [Theory]
    [InlineData("""{"protectedRolePolicy": "warn"}""", "protectedRolePolicy must be \"refuse\" or \"allow-and-alert\"")]
    [InlineData("""{"protectedRolePolicy": null}""", "protectedRolePolicy must be")]
    [InlineData("""{"syncGroups": "admins"}""", "syncGroups must be an array")]
    [InlineData("""{"syncGroups": [1]}""", "syncGroups must be an array")]
    [InlineData("""{"syncGroups": [""]}""", "syncGroups: the group must not be empty")]
    [InlineData("""{"syncGroups": ["a\u0000b"]}""", "syncGroups: group 'a?b' contains a control character")]
    [InlineData("""{"deleteMode": "hard"}""", "'deleteMode' is not a member")]
    public async Task Bad_settings_are_a_400_and_change_nothing(string body, string expected)
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.PatchAsync(AccessApi.Settings(scim.TenantId!), body);

        Assert.Contains(expected, response.AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal("""{"syncGroups":null,"protectedRolePolicy":"refuse"}""", (await admin.GetAsync(AccessApi.Settings(scim.TenantId!))).Json.ToJsonString());
        Assert.False(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));
    }

    [Fact]
    public async Task More_than_500_sync_groups_are_refused()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.PatchAsync(AccessApi.Settings(scim.TenantId!),
            $$"""{"syncGroups": [{{string.Join(",", Enumerable.Range(0, 501).Select(i => $"\"g{i}\""))}}]}""");

        Assert.Contains("at most 500 groups, not 501", response.AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_allowlist_asks_for_a_recomputation_and_a_changed_policy_alone_does_not()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var path = AccessApi.Settings(scim.TenantId!);

        await admin.PatchAsync(path, """{"protectedRolePolicy": "allow-and-alert"}""");
        Assert.False(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));

        await admin.PatchAsync(path, """{"syncGroups": ["admins"]}""");
        Assert.True(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));

        await AccessApi.ForgetReconciliationAsync(factory, scim.TenantId!);
        await admin.PatchAsync(path, """{"syncGroups": ["admins"]}""");
        Assert.False(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));

        await admin.PatchAsync(path, """{"syncGroups": null}""");
        Assert.True(await AccessApi.ReconciliationRequestedAsync(factory, scim.TenantId!));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_access_routes_under_their_tag()
    {
        var response = await new AdminClient(factory.CreateClient(), key: null).GetAsync("/api/openapi/v1.json");

        var paths = response.Json["paths"]!.AsObject();
        foreach (var (path, method) in new[]
        {
            ("/api/tenants/{tenant}/access/mappings", "post"), ("/api/tenants/{tenant}/access/mappings/{id}", "delete"),
            ("/api/tenants/{tenant}/access/roles/{role}", "put"), ("/api/tenants/{tenant}/access/settings", "patch"),
        })
        {
            var operation = paths[path]![method]!;
            Assert.Equal("Access", (string)operation["tags"]![0]!);
            Assert.False(string.IsNullOrEmpty((string?)operation["summary"]));
        }
    }
}
