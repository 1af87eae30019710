using System.Text.Json.Nodes;
using Provisio.Storage.Access;

namespace Provisio.Server.Admin;

/// <summary>
/// <c>/api/tenants/{tenant}/access/mappings</c>: which IdP groups grant which roles and workspaces. A change is
/// applied to users' effective access by the background recomputation it requests.
/// </summary>
internal static class AccessMappingEndpoints
{
    public static void Map(RouteGroupBuilder access)
    {
        var mappings = access.MapGroup("/mappings");
        mappings.MapGet("", ListAsync)
            .WithName("ListAccessMappings")
            .WithSummary("List the tenant's group mappings, oldest first.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        mappings.MapPost("", MapAsync)
            .WithName("MapAccessGroup")
            .WithSummary("Map a group to roles and/or workspaces: 201 for a new mapping, 200 when it replaces the group's mapping.")
            .WithDescription("Body: {\"group\": \"saas-admins\", \"by\": \"name\" (default, case-insensitive, may precede the group's first sync) "
                + "or \"id\", \"roles\": [\"admin\"], \"workspaces\": [\"finance\"]}. At least one role or workspace; names hold no comma "
                + $"or control character, at most {AccessNames.MaxLength} characters, at most {AccessNames.MaxNames} of each.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        mappings.MapDelete("/{id}", UnmapAsync)
            .WithName("UnmapAccessGroup")
            .WithSummary("Remove a mapping; the group's members lose what it granted at the next recomputation.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(string tenant, IAccessConfigurationStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(WebhookJson.Items((await store.ListMappingsAsync(tenant, cancellationToken)).Select(AccessJson.Mapping)));

    private static async Task<IResult> MapAsync(
        string tenant, HttpRequest request, IAccessConfigurationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var mapping = await AccessRequestBody.MappingAsync(request, tenant, time, cancellationToken);
        var stored = await store.MapAsync(mapping, cancellationToken);
        var body = AccessJson.Mapping(stored);
        return stored.Id == mapping.Id ? TypedResults.Created((string?)null, body) : TypedResults.Ok(body);
    }

    private static async Task<IResult> UnmapAsync(string tenant, string id, IAccessConfigurationStore store, CancellationToken cancellationToken)
    {
        var mapping = (await store.ListMappingsAsync(tenant, cancellationToken)).FirstOrDefault(m => m.Id == id);
        return mapping is not null && await store.UnmapAsync(tenant, mapping.ReferenceKind, mapping.Group, cancellationToken)
            ? TypedResults.NoContent()
            : AdminProblem.NotFound($"Tenant '{tenant}' has no access mapping '{AccessNames.Shown(id)}'.");
    }
}
