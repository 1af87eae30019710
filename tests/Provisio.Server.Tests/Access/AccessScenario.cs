using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Events;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Access;

/// <summary>
/// The set-up on one tenant: <c>saas-admins</c> → role admin, <c>saas-members</c> → role member,
/// <c>engineering</c> → workspace Engineering, <c>all-staff</c> → role staff but left out of the sync allowlist; with
/// the SCIM and admin clients and the IdP-shaped requests the tests send.
/// </summary>
internal sealed class AccessScenario
{
    private AccessScenario(ScimClient scim, AdminClient admin)
    {
        Scim = scim;
        Admin = admin;
    }

    public ScimClient Scim { get; }

    public AdminClient Admin { get; }

    public string Tenant => Scim.TenantId!;

    public Dictionary<string, string> Groups { get; } = new(StringComparer.Ordinal);

    public static async Task<AccessScenario> CreateAsync(ProvisioFactory server)
    {
        var scenario = new AccessScenario(await server.CreateTenantAsync(), await AdminClient.CreateAsync(server));
        await scenario.MapAsync("saas-admins", roles: ["admin"]);
        await scenario.MapAsync("saas-members", roles: ["member"]);
        await scenario.MapAsync("engineering", workspaces: ["Engineering"]);
        await scenario.MapAsync("all-staff", roles: ["staff"]);
        var allowed = await scenario.Admin.PatchAsync($"/api/tenants/{scenario.Tenant}/access/settings",
            """{"syncGroups": ["saas-admins", "saas-members", "engineering", "Engineering/Platform"]}""");
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        foreach (var name in new[] { "saas-admins", "saas-members", "engineering", "all-staff" })
        {
            scenario.Groups[name] = (string)(await scenario.Scim.CreateGroupAsync(name))["id"]!;
        }
        return scenario;
    }

    public async Task MapAsync(string group, string[]? roles = null, string[]? workspaces = null)
    {
        var body = new JsonObject
        {
            ["group"] = group,
            ["roles"] = new JsonArray([.. (roles ?? []).Select(r => JsonValue.Create(r))]),
            ["workspaces"] = new JsonArray([.. (workspaces ?? []).Select(w => JsonValue.Create(w))]),
        };
        var mapped = await Admin.PostAsync($"/api/tenants/{Tenant}/access/mappings", body.ToJsonString());
        Assert.True(mapped.Status is HttpStatusCode.Created or HttpStatusCode.OK, mapped.Body);
    }

    public async Task<string> UserAsync(string userName) => (string)(await Scim.CreateUserAsync(userName))["id"]!;

    /// <summary>Okta's group push: <c>{"op":"add","path":"members","value":[{"value":id}]}</c>.</summary>
    public Task<ScimResponse> OktaAddAsync(string group, string member) =>
        Scim.SendAsync(HttpMethod.Patch, $"/Groups/{Groups[group]}", Ops(new JsonObject
        {
            ["op"] = "add",
            ["path"] = "members",
            ["value"] = new JsonArray(new JsonObject { ["value"] = member }),
        }));

    /// <summary>Okta's removal: <c>{"op":"remove","path":"members[value eq \"id\"]"}</c>.</summary>
    public Task<ScimResponse> OktaRemoveAsync(string group, string member) =>
        Scim.SendAsync(HttpMethod.Patch, $"/Groups/{Groups[group]}", Ops(new JsonObject
        {
            ["op"] = "remove",
            ["path"] = $"members[value eq \"{member}\"]",
        }));

    /// <summary>Entra ID's shape: <c>"op":"Add"</c> / <c>"Remove"</c> with a value array.</summary>
    public Task<ScimResponse> EntraAsync(string op, string group, string member) =>
        Scim.SendAsync(HttpMethod.Patch, $"/Groups/{Groups[group]}", Ops(new JsonObject
        {
            ["op"] = op,
            ["path"] = "members",
            ["value"] = new JsonArray(new JsonObject { ["value"] = member }),
        }));

    public Task<ScimResponse> SetActiveAsync(string user, bool active) =>
        Scim.SendAsync(HttpMethod.Patch, $"/Users/{user}", EventHandlerTests.Patch("replace", "active", active));

    /// <summary>The user's roles and workspaces from <c>GET …/users/{id}/access</c>.</summary>
    public async Task<(string[] Roles, string[] Workspaces, JsonObject Body)> AccessAsync(string user)
    {
        var access = await Admin.GetAsync($"/api/tenants/{Tenant}/users/{user}/access");
        Assert.Equal(HttpStatusCode.OK, access.Status);
        var body = access.Json;
        return ([.. body["roles"]!.AsArray().Select(r => (string)r!["name"]!)],
            [.. body["workspaces"]!.AsArray().Select(w => (string)w!["name"]!)], body);
    }

    /// <summary>The access events of the tenant, in sequence order.</summary>
    public async Task<List<JsonObject>> AccessEventsAsync() =>
        (await Admin.ReadAllEventsAsync(Tenant, types: "role.granted,role.revoked,workspace.joined,workspace.left,access.protected_role_orphaned")).Events;

    private static string Ops(params JsonObject[] operations) => new JsonObject
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
        ["Operations"] = new JsonArray([.. operations]),
    }.ToJsonString();
}
