using System.Text.Json.Nodes;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Admin;

/// <summary>
/// <c>/api/tenants/{tenant}/access/settings</c>: the tenant settings about access, the sync allowlist and the
/// protected-role policy (docs/tenant-settings.md), read and changed by JSON merge patch.
/// </summary>
internal static class AccessSettingsEndpoints
{
    public static void Map(RouteGroupBuilder access)
    {
        access.MapGet("/settings", GetAsync)
            .WithName("GetAccessSettings")
            .WithSummary("Read the sync allowlist (null: every group) and the protected-role policy.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        access.MapPatch("/settings", UpdateAsync)
            .WithName("UpdateAccessSettings")
            .WithSummary("Change syncGroups and/or protectedRolePolicy, as a JSON merge patch.")
            .WithDescription("Body: {\"syncGroups\": [\"saas-admins\", \"finance\"] or null (every group), "
                + "\"protectedRolePolicy\": \"refuse\" or \"allow-and-alert\"}. Groups outside the list are stored but grant nothing.")
            .Accepts<JsonObject>("application/merge-patch+json", "application/json")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetAsync(string tenant, ITenantSettingsStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(AccessJson.Settings(await store.GetAsync(tenant, cancellationToken)));

    private static async Task<IResult> UpdateAsync(string tenant, HttpRequest request, ITenantSettingsStore store, CancellationToken cancellationToken)
    {
        var settings = await AccessRequestBody.SettingsAsync(request, await store.GetAsync(tenant, cancellationToken), cancellationToken);
        await store.SetAsync(tenant, settings, cancellationToken);
        return TypedResults.Ok(AccessJson.Settings(settings));
    }
}
