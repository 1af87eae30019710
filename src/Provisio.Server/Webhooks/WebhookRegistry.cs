using System.Security.Cryptography;
using Provisio.Storage.Events;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Webhooks;

/// <summary>
/// Adds, changes and rotates the secrets of tenants' endpoints, for the admin API and the CLI alike: the URL policy,
/// the event types and the description are checked here, once; a refusal is a <see cref="WebhookRequestException"/>.
/// </summary>
internal sealed class WebhookRegistry(IWebhookStore store, WebhookSecrets secrets, WebhookUrlPolicy urls, TimeProvider time)
{
    public const string IdPrefix = "wh_";
    public const int MaxDescriptionLength = 500;

    /// <summary>Adds an enabled endpoint; returns it with its secret in plain, which is never shown again.</summary>
    public async Task<(WebhookEndpoint Endpoint, string Secret)> AddAsync(string tenantId, WebhookChanges request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = await CheckUrlAsync(request.Url, cancellationToken);
        var (plain, protectedSecret) = secrets.Create();
        var now = time.GetUtcNow();
        var endpoint = new WebhookEndpoint
        {
            TenantId = tenantId,
            Id = IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            Url = url,
            Description = CheckDescription(request.Description),
            EventTypes = CheckEvents(request.Events),
            Enabled = request.Enabled ?? true,
            ProtectedSecret = protectedSecret,
            Created = now,
            Updated = now,
        };
        await store.AddAsync(endpoint, cancellationToken);
        return (endpoint, plain);
    }

    /// <summary>Applies <paramref name="changes"/>; null when the tenant has no such endpoint.</summary>
    public async Task<WebhookEndpoint?> UpdateAsync(string tenantId, string endpointId, WebhookChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (await store.FindAsync(tenantId, endpointId, cancellationToken) is not { } endpoint)
        {
            return null;
        }
        var changed = endpoint with
        {
            Url = changes.Url is null ? endpoint.Url : await CheckUrlAsync(changes.Url, cancellationToken),
            Enabled = changes.Enabled ?? endpoint.Enabled,
            EventTypes = changes.SetsEvents ? CheckEvents(changes.Events) : endpoint.EventTypes,
            Description = changes.SetsDescription ? CheckDescription(changes.Description) : endpoint.Description,
            Updated = time.GetUtcNow(),
        };
        return await store.UpdateAsync(changed, cancellationToken) ? changed : null;
    }

    /// <summary>
    /// Gives the endpoint a new secret, returned in plain once; the old one keeps signing until
    /// <see cref="WebhookEndpoint.PreviousSecretExpires"/>. Null when the tenant has no such endpoint.
    /// </summary>
    public async Task<(WebhookEndpoint Endpoint, string Secret)?> RotateSecretAsync(string tenantId, string endpointId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(tenantId, endpointId, cancellationToken) is not { } endpoint)
        {
            return null;
        }
        var (rotated, plain) = secrets.Rotate(endpoint, time.GetUtcNow());
        return await store.UpdateAsync(rotated, cancellationToken) ? (rotated, plain) : null;
    }

    private async Task<Uri> CheckUrlAsync(string? url, CancellationToken cancellationToken)
    {
        var check = await urls.CheckAsync(url, cancellationToken);
        return check.Url ?? throw new WebhookRequestException(check.Problem!);
    }

    private static List<string>? CheckEvents(IReadOnlyList<string>? types)
    {
        if (types is null)
        {
            return null;
        }
        if (types.Count == 0)
        {
            throw new WebhookRequestException("events must name at least one event type; leave it out (or null) to receive every type.");
        }
        foreach (var type in types)
        {
            if (!EventTypes.All.Contains(type, StringComparer.Ordinal))
            {
                throw new WebhookRequestException($"events: '{type}' is not an event type; the types are {string.Join(", ", EventTypes.All)}.");
            }
        }
        return [.. types.Distinct(StringComparer.Ordinal)];
    }

    private static string? CheckDescription(string? description)
    {
        if (string.IsNullOrEmpty(description))
        {
            return null;
        }
        return description.Length <= MaxDescriptionLength
            ? description
            : throw new WebhookRequestException($"description is {description.Length:N0} characters long; at most {MaxDescriptionLength} are allowed.");
    }
}
