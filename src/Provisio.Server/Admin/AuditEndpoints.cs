using System.ComponentModel;
using Provisio.Storage.Audit;

namespace Provisio.Server.Admin;

/// <summary><c>GET /api/tenants/{tenant}/audit</c>: the tenant's audit log, newest first, filtered and paged.</summary>
internal static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder tenant) =>
        tenant.MapGet("/audit", QueryAsync)
            .WithTags("Audit")
            .WithName("QueryAudit")
            .WithSummary("Search the tenant's audit log, newest first.")
            .WithDescription("Pass 'next' as 'cursor' for the following (older) page; 'next' is null on the last page.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> QueryAsync(
        string tenant,
        [Description("Only entries about this resource id.")] string? resource,
        [Description("Only this action: create, replace, update, delete, read, purge, or admin (changes made through the admin API).")] string? action,
        [Description("Only entries that answered this HTTP status, e.g. 409.")] string? status,
        [Description("Only entries at or after this time (ISO 8601).")] string? from,
        [Description("Only entries before this time (ISO 8601).")] string? to,
        [Description("Only entries of this IdP request id.")] string? requestId,
        [Description("The 'next' of the previous page.")] string? cursor,
        [Description("Entries per page, 1 to 1000 (default 100).")] string? limit,
        IAuditLog audit,
        CancellationToken cancellationToken)
    {
        var query = new AuditQuery
        {
            ResourceId = NullIfEmpty(resource),
            Action = QueryParameters.OneValueOf("action", action, AuditActions.All),
            Status = QueryParameters.Status(status),
            From = QueryParameters.Time("from", from),
            To = QueryParameters.Time("to", to),
            RequestId = NullIfEmpty(requestId),
            Before = QueryParameters.Cursor("cursor", cursor),
            Limit = QueryParameters.Limit(limit),
        };
        var (entries, hasMore) = await audit.QueryAsync(tenant, query, cancellationToken);
        return new AuditPageResult(entries, hasMore ? QueryParameters.Cursor(entries[^1].Id) : null);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
