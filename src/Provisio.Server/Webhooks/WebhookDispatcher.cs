using Microsoft.Extensions.Options;
using Provisio.AspNetCore.Events;
using Provisio.Storage.Events;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Webhooks;

/// <summary>
/// Delivers every tenant's events to its enabled webhook endpoints, each endpoint a consumer of its own, up to
/// <see cref="WebhookOptions.ConcurrentEndpoints"/> at a time: an endpoint that is slow or down holds one slot, and
/// never delays another endpoint's events.
/// </summary>
internal sealed class WebhookDispatcher(
    ConsumerPass pass,
    IEventConsumerStore consumers,
    IWebhookStore webhooks,
    IWebhookSender sender,
    IWebhookAttemptLog log,
    EventSignal signal,
    IHostApplicationLifetime lifetime,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : OutboxDispatcher(pass, signal, lifetime, time, logger)
{
    private readonly WebhookOptions settings = options.Value;

    protected override TimeSpan PollInterval => settings.PollInterval;

    protected override int Concurrency => settings.ConcurrentEndpoints;

    protected override Task<IReadOnlyList<PendingConsumer>> FindWorkAsync(CancellationToken stoppingToken) =>
        consumers.PendingConsumersAsync(WebhookEndpoint.ConsumerPrefix, Time.GetUtcNow(), stoppingToken);

    protected override async ValueTask<IOutboxConsumer?> ResolveAsync(PendingConsumer work, CancellationToken stoppingToken)
    {
        // Read each pass, so an edit (URL, event types, rotated secret, disabled) applies from the next event on.
        var endpoint = await webhooks.FindAsync(work.TenantId, work.Consumer[WebhookEndpoint.ConsumerPrefix.Length..], stoppingToken);
        return endpoint is { Enabled: true } ? new WebhookConsumer(endpoint, sender, log, settings, Time) : null;
    }
}
