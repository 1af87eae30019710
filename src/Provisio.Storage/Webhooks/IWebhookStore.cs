namespace Provisio.Storage.Webhooks;

/// <summary>The tenants' webhook endpoints.</summary>
public interface IWebhookStore
{
    /// <summary>
    /// Adds an endpoint and, in the same transaction, its consumer position at the tenant's last event: an endpoint
    /// receives the events written after it was added, not the tenant's history (the events feed has that).
    /// </summary>
    Task AddAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken);

    Task<WebhookEndpoint?> FindAsync(string tenantId, string endpointId, CancellationToken cancellationToken);

    /// <summary>The tenant's endpoints, oldest first.</summary>
    Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Saves every field but the ids and <see cref="WebhookEndpoint.Created"/>; false when there is no such endpoint.</summary>
    Task<bool> UpdateAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>Removes an endpoint with its position, retries, dead deliveries and delivery log; false when there is none.</summary>
    Task<bool> RemoveAsync(string tenantId, string endpointId, CancellationToken cancellationToken);
}
