using System.ComponentModel;
using System.Text.Json.Nodes;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Admin;

/// <summary>
/// <c>/api/tenants</c>: create, list, read, rename and delete tenants. Creating and deleting need a server-wide admin
/// key; a key limited to one tenant reads and renames that tenant and lists only it.
/// </summary>
internal static class TenantEndpoints
{
    /// <summary>The longest display name.</summary>
    public const int MaxNameLength = 200;

    private static readonly string[] CreateMembers = ["id", "name"];
    private static readonly string[] PatchMembers = ["name"];

    public static void MapCollection(RouteGroupBuilder tenants)
    {
        tenants.MapPost("", CreateAsync)
            .WithName("CreateTenant")
            .WithSummary("Create a tenant; its SCIM base URL is /scim/v2/{id}. Needs a server-wide key.")
            .WithDescription("Body: {\"id\": \"acme\", \"name\": \"Acme Inc.\"}; id: " + TenantIds.Rule + "; name defaults to the id.")
            .WithMetadata(new AdminKeyScope.ServerWideOnly())
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tenants.MapGet("", ListAsync)
            .WithName("ListTenants")
            .WithSummary("List the tenants in id order, a page at a time; a tenant-scoped key sees its own tenant only.")
            .WithDescription("The answer is {\"items\": [...], \"next\": \"…\"}; pass 'next' as 'cursor' for the following page. 'next' is null on the last page.")
            .WithMetadata(new AdminKeyScope.OpenToTenantKeys())
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    public static void Map(RouteGroupBuilder tenant)
    {
        tenant.MapGet("", GetAsync)
            .WithTags("Tenants")
            .WithName("GetTenant")
            .WithSummary("Read a tenant.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapPatch("", RenameAsync)
            .WithTags("Tenants")
            .WithName("RenameTenant")
            .WithSummary("Rename a tenant: {\"name\": \"…\"} as a JSON merge patch. Its id (and SCIM URL) never changes.")
            .Accepts<JsonObject>(AdminRequestBody.MergePatchTypes[0], AdminRequestBody.MergePatchTypes[1..])
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        tenant.MapDelete("", DeleteAsync)
            .WithTags("Tenants")
            .WithName("DeleteTenant")
            .WithSummary("Delete a tenant and ALL its data in one transaction; pass ?confirm={tenant}. Needs a server-wide key.")
            .WithDescription("Removes its users, groups, events, audit log, tokens, webhooks, access configuration and settings. "
                + "Its SCIM tokens stop working at once here and within a second on every other instance. It cannot be undone.")
            .WithMetadata(new AdminKeyScope.ServerWideOnly())
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ITenantStore tenants, TimeProvider time, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var body = await AdminRequestBody.ReadAsync(request, CreateMembers, optional: false, cancellationToken);
        var id = AdminRequestBody.Text(body, "id", 63);
        if (!TenantIds.IsValid(id))
        {
            return AdminProblem.BadRequest($"'{id}' is not a valid tenant id: {TenantIds.Rule}.");
        }
        var name = body.ContainsKey("name") && body["name"] is not null ? AdminRequestBody.Text(body, "name", MaxNameLength) : id;
        var tenant = new Tenant(id, name, time.GetUtcNow());
        if (!await tenants.CreateTenantAsync(tenant, cancellationToken))
        {
            return AdminProblem.Result(StatusCodes.Status409Conflict, $"A tenant '{id}' exists already.");
        }
        var (logger, key) = (logs.CreateLogger(typeof(TenantEndpoints)), AdminKeyScope.KeyOf(request.HttpContext.User));
        Log.TenantCreated(logger, id, key);
        return TypedResults.Created($"{AdminApi.Prefix}/tenants/{id}", TenantJson.Tenant(tenant));
    }

    private static async Task<IResult> ListAsync(
        HttpContext context,
        [Description("The 'next' of the previous page; leave out for the first page.")] string? cursor,
        [Description("Tenants per page, 1 to 1000 (default 100).")] string? limit,
        ITenantStore tenants,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(cursor) && !TenantIds.IsValid(cursor))
        {
            throw QueryParameters.Bad("cursor is not a cursor this API returned; pass the 'next' value of the previous page as it was.");
        }
        var size = QueryParameters.Limit(limit);
        if (AdminKeyScope.TenantOf(context.User) is { } own)
        {
            // A key limited to one tenant lists that tenant, on the first page only.
            var only = string.IsNullOrEmpty(cursor) || string.CompareOrdinal(cursor, own) < 0 ? await tenants.FindTenantAsync(own, cancellationToken) : null;
            return TypedResults.Ok(Page(only is null ? [] : [only], next: null));
        }
        var page = await tenants.ListTenantsAsync(NullIfEmpty(cursor), size + 1, cancellationToken);
        var items = page.Take(size).ToList();
        return TypedResults.Ok(Page(items, page.Count > size ? items[^1].Id : null));
    }

    private static async Task<IResult> GetAsync(string tenant, ITenantStore tenants, CancellationToken cancellationToken) =>
        await tenants.FindTenantAsync(tenant, cancellationToken) is { } found
            ? TypedResults.Ok(TenantJson.Tenant(found))
            : NotFound(tenant);

    private static async Task<IResult> RenameAsync(string tenant, HttpRequest request, ITenantStore tenants, CancellationToken cancellationToken)
    {
        AdminRequestBody.RequireMediaType(request, AdminRequestBody.MergePatchTypes);
        var body = await AdminRequestBody.ReadAsync(request, PatchMembers, optional: false, cancellationToken);
        if (body.ContainsKey("name"))
        {
            var name = body["name"] is null
                ? throw QueryParameters.Bad("name cannot be removed; send a new name.")
                : AdminRequestBody.Text(body, "name", MaxNameLength);
            if (!await tenants.RenameTenantAsync(tenant, name, cancellationToken))
            {
                return NotFound(tenant);
            }
        }
        return await GetAsync(tenant, tenants, cancellationToken);
    }

    private static async Task<IResult> DeleteAsync(
        string tenant,
        [Description("The tenant's id again, to confirm that all its data goes.")] string? confirm,
        HttpContext context,
        ITenantStore tenants,
        ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        if (!string.Equals(confirm, tenant, StringComparison.Ordinal))
        {
            return AdminProblem.BadRequest(
                $"Deleting tenant '{tenant}' removes all its data and cannot be undone. To confirm, pass its id: DELETE {AdminApi.Prefix}/tenants/{tenant}?confirm={tenant}");
        }
        if (!await tenants.DeleteTenantAsync(tenant, cancellationToken))
        {
            return NotFound(tenant);
        }
        var (logger, key) = (logs.CreateLogger(typeof(TenantEndpoints)), AdminKeyScope.KeyOf(context.User));
        Log.TenantDeleted(logger, tenant, key);
        return TypedResults.NoContent();
    }

    private static IResult NotFound(string tenant) => AdminProblem.NotFound($"No tenant '{tenant}'.");

    private static JsonObject Page(IEnumerable<Tenant> tenants, string? next) => new()
    {
        ["items"] = new JsonArray([.. tenants.Select(TenantJson.Tenant)]),
        ["next"] = next,
    };

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
