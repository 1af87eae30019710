using System.Text.Json.Nodes;
using Provisio.AspNetCore.Auth;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Admin;

/// <summary>
/// <c>/api/tenants/{tenant}/tokens</c>: the tenant's SCIM bearer tokens. A token is shown once, in the answer that
/// creates or rotates it; a list shows each token's id (its visible prefix), never its secret or hash.
/// </summary>
internal static class ScimTokenEndpoints
{
    /// <summary>A hundred years: longer is "never", which is what leaving expiresInDays out says.</summary>
    public const int MaxExpiryDays = 36_500;

    /// <summary>The longest overlap of a rotation: a year is plenty of time to switch an IdP over.</summary>
    public const int MaxOverlapDays = 365;

    public const int MaxNameLength = 200;

    private static readonly string[] CreateMembers = ["name", "expiresInDays"];
    private static readonly string[] RotateMembers = ["overlapDays", "expiresInDays"];

    public static void Map(RouteGroupBuilder tenant)
    {
        var tokens = tenant.MapGroup("/tokens").WithTags("SCIM tokens");
        tokens.MapPost("", CreateAsync)
            .WithName("CreateScimToken")
            .WithSummary("Create a SCIM token for the tenant; the answer shows the token once.")
            .WithDescription($"Body: {{\"name\": \"okta-production\", \"expiresInDays\": 365}}; expiresInDays 1 to {MaxExpiryDays:N0}, or leave it out for no expiry.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tokens.MapGet("", ListAsync)
            .WithName("ListScimTokens")
            .WithSummary("List the tenant's tokens, revoked ones included (never their secrets).")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tokens.MapDelete("/{id}", RevokeAsync)
            .WithName("RevokeScimToken")
            .WithSummary("Revoke a token: refused here at once, on every other instance within a second.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tokens.MapPost("/{id}/rotate", RotateAsync)
            .WithName("RotateScimToken")
            .WithSummary("Issue a successor with the same name (shown once); the old token keeps working for overlapDays (default 7; 0 ends it now).")
            .WithDescription($"Body (optional): {{\"overlapDays\": 0 to {MaxOverlapDays}, \"expiresInDays\": 1 to {MaxExpiryDays:N0}}}. "
                + "The successor expires after expiresInDays, by default after as long as the old token was issued for (never, if it had no expiry).")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> CreateAsync(string tenant, HttpRequest request, ScimTokenIssuer issuer, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var body = await AdminRequestBody.ReadAsync(request, CreateMembers, optional: false, cancellationToken);
        var name = AdminRequestBody.Text(body, "name", MaxNameLength);
        var days = AdminRequestBody.Number(body, "expiresInDays", 1, MaxExpiryDays);
        var (record, token) = await issuer.IssueAsync(tenant, name, Days(days), cancellationToken);
        var (logger, key) = (logs.CreateLogger(typeof(ScimTokenEndpoints)), AdminKeyScope.KeyOf(request.HttpContext.User));
        Log.ScimTokenCreated(logger, record.Id, tenant, key);
        return TypedResults.Created($"{AdminApi.Prefix}/tenants/{tenant}/tokens/{record.Id}", TenantJson.IssuedToken(record, token));
    }

    private static async Task<IResult> ListAsync(string tenant, ITenantStore tenants, CancellationToken cancellationToken) =>
        TypedResults.Ok(WebhookJson.Items((await tenants.ListTokensAsync(tenant, cancellationToken)).Select(TenantJson.Token)));

    private static async Task<IResult> RevokeAsync(string tenant, string id, HttpContext context, ITenantStore tenants, TimeProvider time, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(tenants, tenant, id, cancellationToken) is null)
        {
            return NotFound(tenant, id);
        }
        // Revoking a revoked token changes nothing and answers the same: a retried DELETE succeeds.
        if (await tenants.RevokeTokenAsync(id, time.GetUtcNow(), cancellationToken))
        {
            var (logger, key) = (logs.CreateLogger(typeof(ScimTokenEndpoints)), AdminKeyScope.KeyOf(context.User));
            Log.ScimTokenRevoked(logger, id, tenant, key);
        }
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RotateAsync(string tenant, string id, HttpRequest request, ITenantStore tenants, ScimTokenIssuer issuer,
        ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var body = await AdminRequestBody.ReadAsync(request, RotateMembers, optional: true, cancellationToken);
        var overlap = AdminRequestBody.Number(body, "overlapDays", 0, MaxOverlapDays) is { } o ? TimeSpan.FromDays(o) : ScimTokenIssuer.DefaultRotationOverlap;
        var days = AdminRequestBody.Number(body, "expiresInDays", 1, MaxExpiryDays);
        if (await FindAsync(tenants, tenant, id, cancellationToken) is not { } predecessor)
        {
            return NotFound(tenant, id);
        }
        if (await issuer.RotateAsync(predecessor, overlap, Days(days), cancellationToken) is not var (record, token, expires))
        {
            return AdminProblem.Result(StatusCodes.Status409Conflict, $"Token '{id}' is revoked; create a new token instead of rotating it.");
        }
        var (logger, key) = (logs.CreateLogger(typeof(ScimTokenEndpoints)), AdminKeyScope.KeyOf(request.HttpContext.User));
        Log.ScimTokenRotated(logger, id, tenant, record.Id, expires, key);
        return TypedResults.Created($"{AdminApi.Prefix}/tenants/{tenant}/tokens/{record.Id}", TenantJson.IssuedToken(record, token));
    }

    /// <summary>The tenant's token <paramref name="id"/>; another tenant's token is as unknown as a missing one.</summary>
    private static async Task<ScimTokenRecord?> FindAsync(ITenantStore tenants, string tenant, string id, CancellationToken cancellationToken) =>
        await tenants.FindTokenAsync(id, cancellationToken) is { } token && string.Equals(token.TenantId, tenant, StringComparison.Ordinal) ? token : null;

    private static IResult NotFound(string tenant, string id) => AdminProblem.NotFound($"Tenant '{tenant}' has no token '{id}'.");

    private static TimeSpan? Days(int? days) => days is { } d ? TimeSpan.FromDays(d) : null;
}
