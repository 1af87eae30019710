using System.ComponentModel;
using Provisio.AspNetCore.Events;
using Provisio.Storage.Events;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Admin;

/// <summary>
/// <c>GET /api/tenants/{tenant}/dry-run</c>: the events written while the tenant was in dry run, which were never
/// delivered, each with what would have received it: the webhook endpoints subscribed to its type (as they are
/// registered now) and whether in-process handlers would have been called.
/// </summary>
internal static class DryRunEndpoints
{
    public static void Map(RouteGroupBuilder tenant) =>
        tenant.MapGet("/dry-run", ListAsync)
            .WithTags("Settings")
            .WithName("ListDryRunEvents")
            .WithSummary("Read the events recorded in dry run and what they would have been sent to, oldest first.")
            .WithDescription("Pass 'next' as 'after' for the next page; it is null on the last page.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> ListAsync(
        string tenant,
        [Description("The 'next' of the previous page; leave out to start from the first dry-run event.")] string? after,
        [Description("Events per page, 1 to 1000 (default 100).")] string? limit,
        IEventStore events,
        IWebhookStore webhooks,
        IServiceProviderIsService services,
        CancellationToken cancellationToken)
    {
        var position = QueryParameters.Cursor("after", after) ?? 0;
        var page = await events.ReadDryRunAsync(tenant, position, QueryParameters.Limit(limit), cancellationToken);
        var endpoints = await webhooks.ListAsync(tenant, cancellationToken);
        var handlers = services.IsService(typeof(IProvisioEventHandler));
        return new DryRunPageResult(page, endpoints, handlers, page.HasMore ? QueryParameters.Cursor(page.Through) : null);
    }
}
