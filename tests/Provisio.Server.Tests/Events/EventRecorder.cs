using System.Collections.Concurrent;
using Provisio.AspNetCore.Events;

namespace Provisio.Server.Tests.Events;

/// <summary>What the test handlers were given, attempt by attempt, and which attempts they are told to fail.</summary>
public sealed class EventRecorder
{
    private readonly ConcurrentQueue<Attempt> attempts = new();
    private readonly ConcurrentQueue<ProvisioEvent> started = new();

    /// <summary>An attempt on an event for which this answers true throws.</summary>
    public Func<ProvisioEvent, bool> Fail { get; set; } = _ => false;

    /// <summary>What a handler awaits before it records an event (a slow handler), when this gives it a task.</summary>
    public Func<ProvisioEvent, Task> Hold { get; set; } = _ => Task.CompletedTask;

    /// <summary>The events handlers have started on, finished or not.</summary>
    public IReadOnlyList<ProvisioEvent> Started => [.. started];

    public IReadOnlyList<Attempt> Attempts => [.. attempts];

    public IReadOnlyList<ProvisioEvent> Delivered => [.. attempts.Where(a => a.Succeeded).Select(a => a.Event)];

    public IReadOnlyList<ProvisioEvent> DeliveredIn(string tenantId) => [.. Delivered.Where(e => e.TenantId == tenantId)];

    internal Task StartAsync(ProvisioEvent provisioEvent)
    {
        started.Enqueue(provisioEvent);
        return Hold(provisioEvent);
    }

    internal void Record(ProvisioEvent provisioEvent, string instance, bool committed)
    {
        var fail = Fail(provisioEvent);
        attempts.Enqueue(new Attempt(provisioEvent, instance, committed, !fail));
        if (fail)
        {
            throw new InvalidOperationException($"Told to fail {provisioEvent.Id}");
        }
    }

    /// <param name="Committed">Whether the event was readable in the outbox, on another connection, when the handler got it.</param>
    public sealed record Attempt(ProvisioEvent Event, string Instance, bool Committed, bool Succeeded);
}
