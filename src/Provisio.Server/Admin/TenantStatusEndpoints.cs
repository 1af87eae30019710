using System.Text.Json.Nodes;
using Provisio.AspNetCore.Tenancy;
using Provisio.Storage.Activity;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Admin;

/// <summary>
/// <c>GET /api/tenants/{tenant}/status</c>: how the tenant's sync is doing, from its request counts (every SCIM
/// request, audited or not), resource counts and the audit log's refused requests; a few indexed reads.
/// </summary>
internal static class TenantStatusEndpoints
{
    public static void Map(RouteGroupBuilder tenant) =>
        tenant.MapGet("/status", GetAsync)
            .WithTags("Settings")
            .WithName("GetTenantStatus")
            .WithSummary("Read the tenant's sync status: last request, resource counts, requests and errors, recent failures, stale.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> GetAsync(
        string tenant,
        ITenantStore tenants,
        ITenantSettingsStore settings,
        ITenantActivityStore activity,
        TenantRequestCounter counter,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        // This instance's counts since its last write are written first, so the status includes them.
        await counter.FlushAsync(cancellationToken);
        var now = time.GetUtcNow();
        var status = await activity.ReadStatusAsync(tenant, now, TenantStatusJson.RecentFailures, cancellationToken);
        var found = await tenants.FindTenantAsync(tenant, cancellationToken);
        var stale = found is not null && TenantStatusJson.IsStale(status, found, await settings.GetAsync(tenant, cancellationToken), now);
        return TypedResults.Ok(TenantStatusJson.Write(status, stale));
    }
}
