using System.ComponentModel;
using Provisio.Storage.Events;

namespace Provisio.Server.Admin;

/// <summary>
/// <c>GET /api/tenants/{tenant}/events</c>: the tenant's change events in sequence order, one page after a cursor.
/// A consumer stores <c>next</c> and asks again with it: it sees every event once, in order.
/// </summary>
internal static class EventEndpoints
{
    public static void Map(RouteGroupBuilder tenant) =>
        tenant.MapGet("/events", ListAsync)
            .WithTags("Events")
            .WithName("ListEvents")
            .WithSummary("Read the tenant's change events after a cursor, in sequence order.")
            .WithDescription("Store 'next' and poll again with it as 'after'; 'hasMore' says whether to ask again at once.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> ListAsync(
        string tenant,
        [Description("The 'next' of the previous page; leave out to start from the first event.")] string? after,
        [Description("Events per page, 1 to 1000 (default 100).")] string? limit,
        [Description("Comma-separated event types to return, e.g. user.created,user.deactivated (default: all).")] string? types,
        IEventStore events,
        CancellationToken cancellationToken)
    {
        var position = QueryParameters.Cursor("after", after);
        var size = QueryParameters.Limit(limit);
        var only = QueryParameters.OneOf("types", types, EventTypes.All);
        var page = await events.ReadAsync(tenant, position ?? 0, size, only, cancellationToken);
        // Where the read got to: past the last event, or past events of other types; an empty unfiltered page leaves
        // the consumer where it was. Storing 'next' is always right.
        long? next = page.Through > 0 ? page.Through : position;
        return new EventFeedResult(page, next is { } n ? QueryParameters.Cursor(n) : null);
    }
}
