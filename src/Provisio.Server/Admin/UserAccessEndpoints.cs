using Provisio.Storage.Access;

namespace Provisio.Server.Admin;

/// <summary><c>GET /api/tenants/{tenant}/users/{id}/access</c>: a user's effective roles and workspaces, and the groups that grant each.</summary>
internal static class UserAccessEndpoints
{
    public static void Map(RouteGroupBuilder tenant) =>
        tenant.MapGet("/users/{id}/access", GetAsync)
            .WithTags("Access")
            .WithName("GetUserAccess")
            .WithSummary("A user's effective access: roles (highest rank first) and workspaces, each with the groups that grant it.")
            .WithDescription("An inactive or deleted user holds nothing. Groups count through nesting and only when the tenant's sync allowlist has them.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> GetAsync(string tenant, string id, IAccessStore access, CancellationToken cancellationToken) =>
        await access.GetAsync(tenant, id, cancellationToken) is { } found
            ? TypedResults.Json(Render(found))
            : AdminProblem.NotFound($"Tenant '{tenant}' has no user '{id}'.");

    private static object Render(UserAccess access) => new
    {
        user = new { id = access.UserId, active = access.Active },
        // "Highest role wins", for apps that give each user one role: the ranked role with the highest rank.
        highestRole = access.Roles.FirstOrDefault(r => r.Rank is not null)?.Name,
        roles = access.Roles.Select(Item),
        workspaces = access.Workspaces.Select(Item),
    };

    private static object Item(UserAccessItem item) => new
    {
        name = item.Name,
        rank = item.Rank,
        grantedBy = item.GrantedBy.Select(g => new { id = g.Id, displayName = g.DisplayName, key = g.Key }),
    };
}
