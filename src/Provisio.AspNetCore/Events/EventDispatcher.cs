using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore.Jobs;
using Provisio.Storage.Events;

namespace Provisio.AspNetCore.Events;

/// <summary>
/// Feeds the outbox to the in-process handlers. It wakes when this process commits events (<see cref="EventSignal"/>)
/// and every <see cref="EventHandlerOptions.PollInterval"/> (for other instances' writes), finds the tenants with work
/// and runs a <see cref="TenantEventDelivery"/> pass for each, up to <see cref="EventHandlerOptions.ConcurrentTenants"/>
/// at once: a tenant whose handler is slow or failing holds one slot, never the others' events.
/// </summary>
internal sealed class EventDispatcher(
    TenantEventDelivery delivery,
    IEventConsumerStore consumers,
    EventSignal signal,
    IHostApplicationLifetime lifetime,
    IOptions<ProvisioOptions> options,
    TimeProvider time,
    ILogger<EventDispatcher> logger) : BackgroundService
{
    private readonly EventHandlerOptions settings = options.Value.Events;

    /// <summary>Set when a pass got something done, so the next one starts without waiting for a poll.</summary>
    private readonly EventSignal again = new();

    /// <summary>
    /// The tenants with a pass under way. A pass leaves it itself, before it asks for the next look, so that look
    /// never finds the tenant still busy and leaves its new events to the next poll.
    /// </summary>
    private readonly ConcurrentDictionary<string, byte> running = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await HostStart.WaitAsync(lifetime, stoppingToken);
        var passes = new List<Task>();
        string? lastStarted = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before looking, so a commit made while this looks still wakes the next wait.
            var woken = Task.WhenAny(signal.NextAsync(), again.NextAsync());
            passes.RemoveAll(p => p.IsCompleted);
            foreach (var tenantId in InTurn(await PendingTenantsAsync(stoppingToken), lastStarted))
            {
                if (running.Count >= settings.ConcurrentTenants)
                {
                    break;
                }
                if (running.TryAdd(tenantId, 0))
                {
                    passes.Add(Task.Run(() => PassAsync(tenantId, stoppingToken), CancellationToken.None));
                    lastStarted = tenantId;
                }
            }
            // The poll's timer is cancelled when a commit wakes the loop first, so a busy host does not pile up timers.
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(woken, Task.Delay(settings.PollInterval, time, poll.Token));
            await poll.CancelAsync();
        }
        await Task.WhenAll(passes);
    }

    private async Task<IReadOnlyList<string>> PendingTenantsAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await consumers.PendingTenantsAsync(TenantEventDelivery.Consumer, time.GetUtcNow(), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return [];
        }
        catch (Exception exception)
        {
            // The database is unreachable, say: a fault here would stop the host, so look again at the next poll.
            Log.EventPollFailed(logger, exception);
            return [];
        }
    }

    private async Task PassAsync(string tenantId, CancellationToken stoppingToken)
    {
        var pass = DeliveryPass.Idle;
        try
        {
            pass = await delivery.RunAsync(tenantId, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not delivered stays after the position, for the next start.
        }
        catch (Exception exception)
        {
            // The database failed under the pass (handler failures never get here): the next poll tries again, and
            // the dispatcher must outlive it.
            Log.EventDeliveryFailed(logger, tenantId, exception);
        }
        finally
        {
            running.TryRemove(tenantId, out _);
        }
        if (pass == DeliveryPass.Progress)
        {
            again.Notify();
        }
    }

    /// <summary>The tenants in id order, starting after the last one started, so each gets its turn when slots are short.</summary>
    private static IEnumerable<string> InTurn(IReadOnlyList<string> tenantIds, string? lastStarted)
    {
        var ordered = tenantIds.Order(StringComparer.Ordinal).ToList();
        var next = lastStarted is null ? 0 : ordered.FindIndex(t => string.CompareOrdinal(t, lastStarted) > 0);
        return next <= 0 ? ordered : ordered.Skip(next).Concat(ordered.Take(next));
    }
}
