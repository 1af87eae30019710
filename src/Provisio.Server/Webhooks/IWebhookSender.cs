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

/// <summary>
/// What one POST came to: a 2xx (<see cref="Delivered"/>), another status, or no response (<see cref="StatusCode"/> null).
/// <see cref="Error"/> is for the tenant's admins (the delivery log): it may quote the start of the receiver's answer.
/// <see cref="Cause"/> says the same without that quote, for the server's log and the retry records, which must not
/// carry what a third party chose to put in its answer.
/// </summary>
internal sealed record WebhookSendResult(bool Delivered, int? StatusCode, TimeSpan Latency, string? Error)
{
    public string? Cause { get; init; } = Error;
}
