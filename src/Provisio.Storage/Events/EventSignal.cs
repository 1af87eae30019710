namespace Provisio.Storage.Events;

/// <summary>
/// Tells the event workers of this process that a tenant has new events, right after the commit, so a handler hears of
/// a deactivation in milliseconds rather than at its next poll. Other processes find the events by polling.
/// </summary>
public sealed class EventSignal
{
    private readonly Lock gate = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/> after it was taken.</summary>
    public Task NextAsync()
    {
        lock (gate)
        {
            return changed.Task;
        }
    }

    /// <summary>Counts <paramref name="count"/> events of <paramref name="tenantId"/> just committed, then wakes the workers.</summary>
    public void Notify(string tenantId, int count)
    {
        EventMetrics.Committed(tenantId, count);
        Notify();
    }

    public void Notify()
    {
        TaskCompletionSource fired;
        lock (gate)
        {
            fired = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        fired.TrySetResult();
    }
}
