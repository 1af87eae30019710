using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Provisio.Storage.Events;

namespace Provisio.AspNetCore.Events;

/// <summary>Feeds every tenant's events to the in-process handlers, <see cref="EventHandlerOptions.ConcurrentTenants"/> tenants at a time.</summary>
internal sealed class EventDispatcher(
    ConsumerPass pass,
    HandlerConsumer handlers,
    IEventConsumerStore consumers,
    EventSignal signal,
    IHostApplicationLifetime lifetime,
    IOptions<ProvisioOptions> options,
    TimeProvider time,
    ILogger<EventDispatcher> logger) : OutboxDispatcher(pass, signal, lifetime, time, logger)
{
    private readonly EventHandlerOptions settings = options.Value.Events;

    protected override TimeSpan PollInterval => settings.PollInterval;

    protected override int Concurrency => settings.ConcurrentTenants;

    protected override async Task<IReadOnlyList<PendingConsumer>> FindWorkAsync(CancellationToken stoppingToken)
    {
        var tenants = await consumers.PendingTenantsAsync(handlers.Name, Time.GetUtcNow(), stoppingToken);
        return [.. tenants.Select(tenantId => new PendingConsumer(handlers.Name, tenantId))];
    }

    protected override ValueTask<IOutboxConsumer?> ResolveAsync(PendingConsumer work, CancellationToken stoppingToken) =>
        ValueTask.FromResult<IOutboxConsumer?>(handlers);
}
