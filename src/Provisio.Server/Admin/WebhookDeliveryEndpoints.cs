using System.ComponentModel;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Provisio.Server.Webhooks;
using Provisio.Storage.Events;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Admin;

/// <summary>
/// An endpoint's deliveries under <c>/api/tenants/{tenant}/webhooks/{id}</c>: a test event sent now, the delivery log,
/// the dead deliveries (given up after the last attempt) and their re-queueing.
/// </summary>
internal static class WebhookDeliveryEndpoints
{
    public const int DefaultLogLimit = 50;
    public const int MaxLogLimit = 200;

    public static void Map(RouteGroupBuilder webhooks)
    {
        webhooks.MapPost("/{id}/test", TestAsync)
            .WithName("TestWebhook")
            .WithSummary("Send a signed webhook.test event to the endpoint now and say how it answered.")
            .WithDescription("The attempt is recorded in the delivery log. It is sent even to a disabled endpoint.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapGet("/{id}/deliveries", DeliveriesAsync)
            .WithName("ListWebhookDeliveries")
            .WithSummary("The endpoint's latest delivery attempts, newest first.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapGet("/{id}/dead", DeadAsync)
            .WithName("ListDeadWebhookDeliveries")
            .WithSummary("The events the endpoint was not sent after the last attempt, oldest first, until they are re-queued.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{id}/dead/requeue", RequeueAllAsync)
            .WithName("RequeueDeadWebhookDeliveries")
            .WithSummary("Send every dead delivery of the endpoint again, with a fresh count of attempts.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{id}/dead/{sequence:long}/requeue", RequeueOneAsync)
            .WithName("RequeueDeadWebhookDelivery")
            .WithSummary("Send one dead delivery (by the event's sequence) again, with a fresh count of attempts.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> TestAsync(
        string tenant,
        string id,
        IWebhookStore store,
        IWebhookAttemptLog log,
        IOptions<WebhookOptions> options,
        TimeProvider time,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (await store.FindAsync(tenant, id, cancellationToken) is not { } endpoint)
        {
            return WebhookEndpoints.NotFound(tenant, id);
        }
        var sender = context.RequestServices.GetRequiredService<IWebhookSender>();
        var result = await WebhookTestDelivery.SendAsync(sender, log, endpoint, time.GetUtcNow(), options.Value.LogSize, cancellationToken);
        return TypedResults.Ok(new JsonObject
        {
            ["delivered"] = result.Delivered,
            ["statusCode"] = result.StatusCode,
            ["latencyMs"] = WebhookTestDelivery.Milliseconds(result.Latency),
            ["error"] = result.Error,
        });
    }

    private static async Task<IResult> DeliveriesAsync(
        string tenant,
        string id,
        [Description("Attempts to return, 1 to 200 (default 50).")] string? limit,
        IWebhookStore store,
        IWebhookAttemptLog log,
        CancellationToken cancellationToken)
    {
        var size = QueryParameters.Limit(limit, DefaultLogLimit, MaxLogLimit);
        if (await store.FindAsync(tenant, id, cancellationToken) is null)
        {
            return WebhookEndpoints.NotFound(tenant, id);
        }
        var attempts = await log.ListAsync(tenant, id, size, cancellationToken);
        return TypedResults.Ok(WebhookJson.Items(attempts.Select(WebhookJson.Attempt)));
    }

    private static async Task<IResult> DeadAsync(
        string tenant,
        string id,
        [Description("Dead deliveries to return, 1 to 1000 (default 100).")] string? limit,
        IWebhookStore store,
        IEventConsumerStore consumers,
        CancellationToken cancellationToken)
    {
        var size = QueryParameters.Limit(limit);
        if (await store.FindAsync(tenant, id, cancellationToken) is not { } endpoint)
        {
            return WebhookEndpoints.NotFound(tenant, id);
        }
        var letters = await consumers.ReadDeadLettersAsync(endpoint.Consumer, tenant, size, cancellationToken);
        return TypedResults.Ok(WebhookJson.Items(letters.Select(WebhookJson.DeadLetter)));
    }

    private static Task<IResult> RequeueAllAsync(
        string tenant, string id, IWebhookStore store, IEventConsumerStore consumers, EventSignal signal, TimeProvider time, CancellationToken cancellationToken) =>
        RequeueAsync(tenant, id, null, store, consumers, signal, time, cancellationToken);

    private static Task<IResult> RequeueOneAsync(
        string tenant, string id, long sequence, IWebhookStore store, IEventConsumerStore consumers, EventSignal signal, TimeProvider time,
        CancellationToken cancellationToken) =>
        RequeueAsync(tenant, id, sequence, store, consumers, signal, time, cancellationToken);

    private static async Task<IResult> RequeueAsync(
        string tenant, string id, long? sequence, IWebhookStore store, IEventConsumerStore consumers, EventSignal signal, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await store.FindAsync(tenant, id, cancellationToken) is not { } endpoint)
        {
            return WebhookEndpoints.NotFound(tenant, id);
        }
        var requeued = await consumers.RequeueDeadLettersAsync(endpoint.Consumer, tenant, sequence, time.GetUtcNow(), cancellationToken);
        if (sequence is { } one && requeued == 0)
        {
            return AdminProblem.NotFound($"Event {one} is not a dead delivery of webhook endpoint '{id}'.");
        }
        // The re-queued deliveries are due now: wake the delivery loop rather than leave them to its next poll.
        signal.Notify();
        return TypedResults.Ok(new JsonObject { ["requeued"] = requeued });
    }
}
