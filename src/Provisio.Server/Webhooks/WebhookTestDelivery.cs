using System.Text.Json;
using Provisio.Scim.Resources;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Webhooks;

/// <summary>
/// A <c>webhook.test</c> event sent to an endpoint at once, outside the outbox (sequence 0), so an admin can check the
/// receiver and its signature check; the attempt goes to the delivery log like any other.
/// </summary>
internal static class WebhookTestDelivery
{
    public const string EventType = "webhook.test";

    public static async Task<WebhookSendResult> SendAsync(
        IWebhookSender sender, IWebhookAttemptLog log, WebhookEndpoint endpoint, DateTimeOffset now, int keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(endpoint);
        var eventId = Guid.CreateVersion7(now).ToString();
        var body = Body(endpoint, eventId, now);
        var result = await sender.SendAsync(endpoint, eventId, body, attempt: 1, cancellationToken);
        await log.RecordAsync(new WebhookAttempt
        {
            TenantId = endpoint.TenantId,
            EndpointId = endpoint.Id,
            EventId = eventId,
            EventType = EventType,
            Sequence = null,
            Attempt = 1,
            At = now,
            Outcome = result.Delivered ? WebhookOutcome.Delivered : WebhookOutcome.Failed,
            StatusCode = result.StatusCode,
            LatencyMilliseconds = Milliseconds(result.Latency),
            Error = result.Error,
        }, keep, cancellationToken);
        return result;
    }

    public static int Milliseconds(TimeSpan latency) => (int)Math.Clamp(Math.Round(latency.TotalMilliseconds), 0, int.MaxValue);

    /// <summary>The shape of every event (see <c>ChangeEventJson</c>), about the endpoint itself.</summary>
    private static byte[] Body(WebhookEndpoint endpoint, string eventId, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", eventId);
            writer.WriteString("type", EventType);
            writer.WriteString("tenant", endpoint.TenantId);
            writer.WriteNumber("sequence", 0);
            writer.WriteString("occurredAt", ResourceRenderer.FormatTime(now));
            writer.WriteNull("requestId");
            writer.WriteStartObject("actor");
            writer.WriteNull("tokenId");
            writer.WriteNull("tokenName");
            writer.WriteEndObject();
            writer.WriteStartObject("resource");
            writer.WriteString("type", "Webhook");
            writer.WriteString("id", endpoint.Id);
            writer.WriteEndObject();
            writer.WriteStartObject("data");
            writer.WriteString("message", "A test event from Provisio: if its signature checks out, this endpoint is ready.");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
