namespace Provisio.Storage.Webhooks;

/// <summary>The delivery log: each endpoint's last attempts, older ones trimmed.</summary>
public interface IWebhookAttemptLog
{
    /// <summary>Appends an attempt; the endpoint's log keeps its newest <paramref name="keep"/> attempts.</summary>
    Task RecordAsync(WebhookAttempt attempt, int keep, CancellationToken cancellationToken);

    /// <summary>The endpoint's newest attempts, newest first.</summary>
    Task<IReadOnlyList<WebhookAttempt>> ListAsync(string tenantId, string endpointId, int limit, CancellationToken cancellationToken);
}
