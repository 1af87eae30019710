using System.Buffers;
using System.Text.Json;
using Provisio.AspNetCore.Events;
using Provisio.Storage.Events;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Webhooks;

/// <summary>
/// One webhook endpoint as a consumer of its tenant's events: each event is posted as the feed's JSON, and every
/// attempt goes into the endpoint's delivery log.
/// </summary>
internal sealed class WebhookConsumer(
    WebhookEndpoint endpoint,
    IWebhookSender sender,
    IWebhookAttemptLog log,
    WebhookOptions settings,
    TimeProvider time) : IOutboxConsumer
{
    public string Name => endpoint.Consumer;

    public int BatchSize => settings.BatchSize;

    public int MaxAttempts => settings.MaxAttempts;

    public TimeSpan Backoff(int failures, double jitter) =>
        RetryBackoff.After(failures, settings.RetryBaseDelay, settings.RetryFactor, settings.RetryMaxDelay, jitter);

    public bool Wants(ChangeEvent change) => endpoint.Wants(change.Type);

    public async Task<DeliveryFailure?> DeliverAsync(ChangeEvent change, int attempt, CancellationToken stoppingToken)
    {
        var at = time.GetUtcNow();
        var result = await sender.SendAsync(endpoint, change.Id, Serialize(change), attempt, stoppingToken);
        var outcome = result.Delivered ? WebhookOutcome.Delivered : attempt >= MaxAttempts ? WebhookOutcome.Dead : WebhookOutcome.Failed;
        await log.RecordAsync(new WebhookAttempt
        {
            TenantId = endpoint.TenantId,
            EndpointId = endpoint.Id,
            EventId = change.Id,
            EventType = change.Type,
            Sequence = change.Sequence,
            Attempt = attempt,
            At = at,
            Outcome = outcome,
            StatusCode = result.StatusCode,
            LatencyMilliseconds = (int)Math.Min(int.MaxValue, Math.Round(result.Latency.TotalMilliseconds)),
            Error = result.Error,
        }, settings.LogSize, stoppingToken);
        return result.Delivered ? null : new DeliveryFailure($"{endpoint.Id}: {result.Cause}");
    }

    /// <summary>The event as the feed writes it: receivers read one shape whichever way they get events.</summary>
    private static ReadOnlyMemory<byte> Serialize(ChangeEvent change)
    {
        var buffer = new ArrayBufferWriter<byte>(1_024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ChangeEventJson.Write(writer, change);
        }
        return buffer.WrittenMemory;
    }
}
