using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provisio.AspNetCore.Jobs;
using Provisio.Storage.Events;

namespace Provisio.AspNetCore.Events;

/// <summary>
/// Feeds the outbox to a family of consumers (the in-process handlers; the webhook endpoints). It wakes when this
/// process commits events (<see cref="EventSignal"/>) and every <see cref="PollInterval"/> (for other instances'
/// writes), finds the consumers with work and runs a <see cref="ConsumerPass"/> for each, up to
/// <see cref="Concurrency"/> at once: a consumer that is slow or failing holds one slot, never the others' events.
/// </summary>
internal abstract class OutboxDispatcher(
    ConsumerPass pass,
    EventSignal signal,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger logger) : BackgroundService
{
    /// <summary>Set when a pass got something done, so the next one starts without waiting for a poll.</summary>
    private readonly EventSignal again = new();

    /// <summary>
    /// The consumers with a pass under way, by consumer and tenant. A pass leaves it itself, before it asks for the next
    /// look, so that look never finds it still busy and leaves its new events to the next poll.
    /// </summary>
    private readonly ConcurrentDictionary<PendingConsumer, byte> running = new();

    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan PollInterval { get; }

    protected abstract int Concurrency { get; }

    /// <summary>The consumers with events to deliver or retries due.</summary>
    protected abstract Task<IReadOnlyList<PendingConsumer>> FindWorkAsync(CancellationToken stoppingToken);

    /// <summary>The consumer to run for a piece of work, or null when there is none any more (removed, disabled).</summary>
    protected abstract ValueTask<IOutboxConsumer?> ResolveAsync(PendingConsumer work, CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await HostStart.WaitAsync(lifetime, stoppingToken);
        var passes = new List<Task>();
        PendingConsumer? lastStarted = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before looking, so a commit made while this looks still wakes the next wait.
            var woken = Task.WhenAny(signal.NextAsync(), again.NextAsync());
            passes.RemoveAll(p => p.IsCompleted);
            foreach (var work in InTurn(await LookAsync(stoppingToken), lastStarted))
            {
                if (running.Count >= Concurrency)
                {
                    break;
                }
                if (running.TryAdd(work, 0))
                {
                    passes.Add(Task.Run(() => PassAsync(work, stoppingToken), CancellationToken.None));
                    lastStarted = work;
                }
            }
            // The poll's timer is cancelled when a commit wakes the loop first, so a busy host does not pile up timers.
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(woken, Task.Delay(PollInterval, Time, poll.Token));
            await poll.CancelAsync();
        }
        await Task.WhenAll(passes);
    }

    private async Task<IReadOnlyList<PendingConsumer>> LookAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await FindWorkAsync(stoppingToken);
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

    private async Task PassAsync(PendingConsumer work, CancellationToken stoppingToken)
    {
        var outcome = DeliveryPass.Idle;
        try
        {
            if (await ResolveAsync(work, stoppingToken) is { } consumer)
            {
                outcome = await pass.RunAsync(consumer, work.TenantId, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not delivered stays after the position, for the next start.
        }
        catch (Exception exception)
        {
            // The database failed under the pass (delivery failures never get here): the next poll tries again, and
            // the dispatcher must outlive it.
            Log.EventDeliveryFailed(logger, work.Consumer, work.TenantId, exception);
        }
        finally
        {
            running.TryRemove(work, out _);
        }
        if (outcome == DeliveryPass.Progress)
        {
            again.Notify();
        }
    }

    /// <summary>The work in a stable order, starting after the last one started, so each gets its turn when slots are short.</summary>
    private static IEnumerable<PendingConsumer> InTurn(IReadOnlyList<PendingConsumer> work, PendingConsumer? lastStarted)
    {
        var ordered = work.OrderBy(w => w.TenantId, StringComparer.Ordinal).ThenBy(w => w.Consumer, StringComparer.Ordinal).ToList();
        var next = lastStarted is null ? 0 : ordered.FindIndex(w => Compare(w, lastStarted) > 0);
        return next <= 0 ? ordered : ordered.Skip(next).Concat(ordered.Take(next));
    }

    private static int Compare(PendingConsumer a, PendingConsumer b)
    {
        var byTenant = string.CompareOrdinal(a.TenantId, b.TenantId);
        return byTenant != 0 ? byTenant : string.CompareOrdinal(a.Consumer, b.Consumer);
    }
}
