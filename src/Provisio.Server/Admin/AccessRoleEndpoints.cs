using System.Text.Json.Nodes;
using Provisio.Storage.Access;

namespace Provisio.Server.Admin;

/// <summary>
/// <c>/api/tenants/{tenant}/access/roles</c>: the ranks and protection of the roles the app defines. A role need not
/// be listed here to be granted; one is listed once it has been given a rank or protection.
/// </summary>
internal static class AccessRoleEndpoints
{
    public static void Map(RouteGroupBuilder access)
    {
        var roles = access.MapGroup("/roles");
        roles.MapGet("", ListAsync)
            .WithName("ListAccessRoles")
            .WithSummary("List the roles given a rank or protection, by name.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        roles.MapPut("/{role}", SetAsync)
            .WithName("SetAccessRole")
            .WithSummary("Set a role's rank (higher wins, or null) and whether it is protected (its last active holder is guarded).")
            .WithDescription("Body: {\"rank\": 100, \"protected\": true}; a member left out is null (rank) or false (protected).")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(string tenant, IAccessConfigurationStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(WebhookJson.Items((await store.ListRolesAsync(tenant, cancellationToken)).Select(AccessJson.Role)));

    private static async Task<IResult> SetAsync(
        string tenant, string role, HttpRequest request, IAccessConfigurationStore store, CancellationToken cancellationToken)
    {
        var value = await AccessRequestBody.RoleAsync(request, tenant, role, cancellationToken);
        await store.SetRoleAsync(value, cancellationToken);
        return TypedResults.Ok(AccessJson.Role(value));
    }
}
