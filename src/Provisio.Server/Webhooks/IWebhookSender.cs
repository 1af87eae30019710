using Provisio.Storage.Webhooks;

namespace Provisio.Server.Webhooks;

/// <summary>
/// Sends one signed POST to an endpoint: the body as given, <c>Provisio-Event-Id</c>, <c>Provisio-Delivery-Attempt</c>
/// and <c>Provisio-Signature</c> headers, within the configured timeout, no redirects followed, private addresses
/// refused unless allowed. It never throws for the endpoint's failures: they come back in the result.
/// </summary>
internal interface IWebhookSender
{
    Task<WebhookSendResult> SendAsync(WebhookEndpoint endpoint, string eventId, ReadOnlyMemory<byte> body, int attempt, CancellationToken cancellationToken);
}

/// <summary>What one POST came to: a 2xx (<see cref="Delivered"/>), another status, or no response (<see cref="StatusCode"/> null).</summary>
internal sealed record WebhookSendResult(bool Delivered, int? StatusCode, TimeSpan Latency, string? Error);
