using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Events;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Access;

namespace Provisio.Server.Tests.Access;

/// <summary>IdP groups become roles and workspaces, in the transaction of the SCIM write that changes them, with events.</summary>
public sealed class EffectiveAccessTests : IDisposable
{
    private readonly ProvisioFactory server = new();

    [Fact]
    public async Task Moving_a_user_from_members_to_admins_with_Okta_requests_leaves_admin_only_with_events_and_audit()
    {
        var scenario = await AccessScenario.CreateAsync(server);
        var user = await scenario.UserAsync("mover@example.com");
        Assert.True((await scenario.OktaAddAsync("saas-members", user)).Status is HttpStatusCode.OK or HttpStatusCode.NoContent);
        Assert.Equal(["member"], (await scenario.AccessAsync(user)).Roles);

        Assert.True((await scenario.OktaAddAsync("saas-admins", user)).Status is HttpStatusCode.OK or HttpStatusCode.NoContent);
        Assert.True((await scenario.OktaRemoveAsync("saas-members", user)).Status is HttpStatusCode.OK or HttpStatusCode.NoContent);

        var (roles, workspaces, body) = await scenario.AccessAsync(user);
        Assert.Equal(["admin"], roles);
        Assert.Empty(workspaces);
        var grantedBy = body["roles"]![0]!["grantedBy"]![0]!;
        Assert.Equal(scenario.Groups["saas-admins"], (string)grantedBy["id"]!);
        Assert.Equal("group:saas-admins", (string)grantedBy["key"]!);

        var events = await scenario.AccessEventsAsync();
        Assert.Equal(
            [("role.granted", "member"), ("role.granted", "admin"), ("role.revoked", "member")],
            events.Select(e => ((string)e["type"]!, (string)e["data"]!["role"]!)));
        Assert.All(events, e => Assert.Equal(user, (string)e["resource"]!["id"]!));
        Assert.Equal(scenario.Groups["saas-members"], (string)events[2]["data"]!["group"]!["id"]!);
        Assert.Equal(scenario.Scim.TokenId, (string?)events[2]["actor"]!["tokenId"]);

        // The audit row of the removal says what it did to the user's access.
        var audit = await scenario.Admin.GetAsync($"/api/tenants/{scenario.Tenant}/audit?resourceId={scenario.Groups["saas-members"]}");
        Assert.Contains("role.revoked", audit.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entra_shaped_removal_demotes_and_a_group_outside_the_allowlist_grants_nothing()
    {
        var scenario = await AccessScenario.CreateAsync(server);
        var user = await scenario.UserAsync("entra@example.com");
        Succeeded(await scenario.EntraAsync("Add", "saas-admins", user));
        Succeeded(await scenario.EntraAsync("Add", "all-staff", user));
        Assert.Equal(["admin"], (await scenario.AccessAsync(user)).Roles);

        Succeeded(await scenario.EntraAsync("Remove", "saas-admins", user));

        Assert.Empty((await scenario.AccessAsync(user)).Roles);
        Assert.DoesNotContain(await scenario.AccessEventsAsync(), e => (string?)e["data"]!["role"] == "staff");
    }

    [Fact]
    public async Task Deactivation_takes_all_access_and_reactivation_gives_it_back()
    {
        var scenario = await AccessScenario.CreateAsync(server);
        var user = await scenario.UserAsync("leaver@example.com");
        await scenario.EntraAsync("Add", "saas-members", user);
        await scenario.EntraAsync("Add", "engineering", user);

        Assert.Equal(HttpStatusCode.OK, (await scenario.SetActiveAsync(user, false)).Status);
        var (roles, workspaces, body) = await scenario.AccessAsync(user);
        Assert.Empty(roles);
        Assert.Empty(workspaces);
        Assert.False((bool)body["user"]!["active"]!);

        Assert.Equal(HttpStatusCode.OK, (await scenario.SetActiveAsync(user, true)).Status);
        Assert.Equal(["member"], (await scenario.AccessAsync(user)).Roles);
        Assert.Equal(["Engineering"], (await scenario.AccessAsync(user)).Workspaces);
        var types = (await scenario.AccessEventsAsync()).Select(e => (string)e["type"]!).ToList();
        Assert.Equal(["role.granted", "workspace.joined", "role.revoked", "workspace.left", "role.granted", "workspace.joined"], types);
    }

    [Fact]
    public async Task A_nested_group_maps_through_its_parent()
    {
        var scenario = await AccessScenario.CreateAsync(server);
        var user = await scenario.UserAsync("platform@example.com");
        var platform = (string)(await scenario.Scim.CreateGroupAsync("Engineering/Platform", user))["id"]!;
        Assert.Empty((await scenario.AccessAsync(user)).Workspaces);

        Succeeded(await scenario.EntraAsync("Add", "engineering", platform));

        var (_, workspaces, body) = await scenario.AccessAsync(user);
        Assert.Equal(["Engineering"], workspaces);
        Assert.Equal(scenario.Groups["engineering"], (string)body["workspaces"]![0]!["grantedBy"]![0]!["id"]!);
        // Taking the nested group out of its parent takes the workspace with it.
        Succeeded(await scenario.EntraAsync("Remove", "engineering", platform));
        Assert.Empty((await scenario.AccessAsync(user)).Workspaces);
    }

    [Fact]
    public async Task Deleting_a_mapped_group_revokes_what_it_granted()
    {
        var scenario = await AccessScenario.CreateAsync(server);
        var user = await scenario.UserAsync("deleted-group@example.com");
        await scenario.EntraAsync("Add", "saas-members", user);

        Assert.Equal(HttpStatusCode.NoContent, (await scenario.Scim.DeleteAsync($"/Groups/{scenario.Groups["saas-members"]}")).Status);

        Assert.Empty((await scenario.AccessAsync(user)).Roles);
        var revoked = (await scenario.AccessEventsAsync()).Last();
        Assert.Equal("role.revoked", (string)revoked["type"]!);
        Assert.Equal("saas-members", (string)revoked["data"]!["group"]!["displayName"]!);
    }

    [Fact]
    public async Task Concurrent_removal_and_addition_settle_to_the_access_of_the_final_membership()
    {
        var scenario = await AccessScenario.CreateAsync(server);
        var users = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var user = await scenario.UserAsync($"race{i}@example.com");
            await scenario.EntraAsync("Add", "saas-members", user);
            users.Add(user);
        }

        await Task.WhenAll(users.SelectMany(user => new[]
        {
            scenario.EntraAsync("Remove", "saas-members", user),
            scenario.EntraAsync("Add", "saas-admins", user),
        }));

        foreach (var user in users)
        {
            Assert.Equal(["admin"], (await scenario.AccessAsync(user)).Roles);
        }
    }

    [Fact]
    public async Task The_last_active_admin_cannot_be_deactivated_under_the_refuse_policy()
    {
        var scenario = await AccessScenario.CreateAsync(server);
        Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.SendAsync(HttpMethod.Put,
            $"/api/tenants/{scenario.Tenant}/access/roles/admin", """{"rank": 100, "protected": true}""")).Status);
        var first = await scenario.UserAsync("first-admin@example.com");
        var second = await scenario.UserAsync("second-admin@example.com");
        await scenario.EntraAsync("Add", "saas-admins", first);
        await scenario.EntraAsync("Add", "saas-admins", second);

        // One of two may go; the last one may not, by deactivation, deletion or removal from the group.
        Assert.Equal(HttpStatusCode.OK, (await scenario.SetActiveAsync(first, false)).Status);
        var refused = await scenario.SetActiveAsync(second, false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("'admin'", (string)refused.Json["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await scenario.Scim.DeleteAsync($"/Users/{second}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await scenario.EntraAsync("Remove", "saas-admins", second)).Status);

        // Nothing changed: still active, still admin, still in the group.
        Assert.True((bool)(await scenario.Scim.GetAsync($"/Users/{second}")).Json["active"]!);
        Assert.Equal(["admin"], (await scenario.AccessAsync(second)).Roles);
        Assert.Equal(2, (await scenario.Scim.GetAsync($"/Groups/{scenario.Groups["saas-admins"]}")).Json["members"]!.AsArray().Count);
    }

    [Fact]
    public async Task Two_concurrent_deactivations_of_the_last_two_admins_cannot_both_pass()
    {
        // A few rounds, each on a tenant of its own, so the two writes really meet more than once.
        for (var round = 0; round < 3; round++)
        {
            var scenario = await AccessScenario.CreateAsync(server);
            await scenario.Admin.SendAsync(HttpMethod.Put, $"/api/tenants/{scenario.Tenant}/access/roles/admin", """{"protected": true}""");
            var first = await scenario.UserAsync("pair-a@example.com");
            var second = await scenario.UserAsync("pair-b@example.com");
            Succeeded(await scenario.EntraAsync("Add", "saas-admins", first));
            Succeeded(await scenario.EntraAsync("Add", "saas-admins", second));

            var answers = await Task.WhenAll(scenario.SetActiveAsync(first, false), scenario.SetActiveAsync(second, false));

            // Each write that takes the role away locks the role's row, so the second one sees the first's change.
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.BadRequest], answers.Select(a => a.Status).Order());
            var survivor = answers[0].Status == HttpStatusCode.OK ? second : first;
            Assert.Equal(["admin"], (await scenario.AccessAsync(survivor)).Roles);
            Assert.True((bool)(await scenario.Scim.GetAsync($"/Users/{survivor}")).Json["active"]!);
        }
    }

    [Fact]
    public async Task Under_allow_and_alert_the_last_admin_can_go_with_an_event()
    {
        var scenario = await AccessScenario.CreateAsync(server);
        await scenario.Admin.SendAsync(HttpMethod.Put, $"/api/tenants/{scenario.Tenant}/access/roles/admin", """{"protected": true}""");
        Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.PatchAsync($"/api/tenants/{scenario.Tenant}/access/settings",
            """{"protectedRolePolicy": "allow-and-alert"}""")).Status);
        var only = await scenario.UserAsync("only-admin@example.com");
        await scenario.EntraAsync("Add", "saas-admins", only);
        // Settings are cached for a moment per instance: wait until the policy is seen.
        await Eventually.HoldsAsync(async () => (await scenario.SetActiveAsync(only, false)).Status == HttpStatusCode.OK, "the deactivation allowed");

        var orphaned = Assert.Single(await scenario.AccessEventsAsync(), e => (string)e["type"]! == "access.protected_role_orphaned");
        Assert.Equal("admin", (string)orphaned["data"]!["role"]!);
        Assert.Equal(only, (string)orphaned["data"]!["user"]!["id"]!);
    }

    [Fact]
    public async Task A_mapping_made_by_an_admin_reaches_the_groups_users_in_the_background()
    {
        var scenario = await AccessScenario.CreateAsync(server);
        var user = await scenario.UserAsync("later@example.com");
        var support = (string)(await scenario.Scim.CreateGroupAsync("support", user))["id"]!;
        Assert.Empty((await scenario.AccessAsync(user)).Roles);

        await scenario.MapAsync("support", roles: ["agent"]);
        await scenario.Admin.PatchAsync($"/api/tenants/{scenario.Tenant}/access/settings", """{"syncGroups": null}""");

        await Eventually.HoldsAsync(async () => (await scenario.AccessAsync(user)).Roles.Contains("agent"), "the new mapping applied");
        var granted = Assert.Single(await scenario.AccessEventsAsync(), e => (string?)e["data"]!["role"] == "agent");
        Assert.Equal(support, (string)granted["data"]!["group"]!["id"]!);
    }

    [Fact]
    public async Task An_embedded_host_reads_the_same_access_in_process()
    {
        var scenario = await AccessScenario.CreateAsync(server);
        var user = await scenario.UserAsync("in-process@example.com");
        Succeeded(await scenario.EntraAsync("Add", "saas-admins", user));
        Succeeded(await scenario.EntraAsync("Add", "engineering", user));

        var access = await server.Services.GetRequiredService<IAccessStore>().GetAsync(scenario.Tenant, user, CancellationToken.None);

        Assert.NotNull(access);
        Assert.True(access.Active);
        Assert.Equal((await scenario.AccessAsync(user)).Roles, access.Roles.Select(r => r.Name));
        Assert.Equal(["Engineering"], access.Workspaces.Select(w => w.Name));
        Assert.Equal("group:saas-admins", Assert.Single(access.Roles[0].GrantedBy).Key);
        Assert.Null(await server.Services.GetRequiredService<IAccessStore>().GetAsync(scenario.Tenant, "nobody", CancellationToken.None));
    }

    [Fact]
    public async Task Access_of_an_unknown_user_is_a_404()
    {
        var scenario = await AccessScenario.CreateAsync(server);
        (await scenario.Admin.GetAsync($"/api/tenants/{scenario.Tenant}/users/nobody/access")).AssertProblem(HttpStatusCode.NotFound);
    }

    public void Dispose() => server.Dispose();

    private static void Succeeded(ScimResponse response) =>
        Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{response.Status}: {response.Body}");
}
