using System.Collections.Concurrent;
using System.Diagnostics;
using Provisio.Storage.Activity;

namespace Provisio.AspNetCore.Tenancy;

/// <summary>
/// Counts each tenant's SCIM requests in memory (a dictionary update per request, no database write) and writes the
/// counts every few seconds, so reads that are not audited are counted too at no cost to them. A crash loses at most
/// the counts since the last write.
/// </summary>
internal sealed class TenantRequestCounter(ITenantActivityStore store, TimeProvider time)
{
    private readonly Lock gate = new();
    private ConcurrentDictionary<string, Tally> tallies = new(StringComparer.Ordinal);
    private int unfinished;

    /// <summary>How many started requests are not counted yet.</summary>
    public int Unfinished => Volatile.Read(ref unfinished);

    /// <summary>A request began whose count <see cref="Finished"/> adds when it ends; the last write waits for it.</summary>
    public void Started() => Interlocked.Increment(ref unfinished);

    /// <summary>Counts a request announced by <see cref="Started"/> that ended with <paramref name="status"/>.</summary>
    public void Finished(string tenantId, int status)
    {
        Record(tenantId, status);
        Interlocked.Decrement(ref unfinished);
    }

    /// <summary>
    /// Waits until every started request has been counted, or <paramref name="limit"/> has passed: a request still
    /// running when the host stops ends after the server's last response, and its count would miss the last write.
    /// Wall-clock time on purpose: shutting down must not wait for a shifted or frozen clock.
    /// </summary>
    public async Task WaitForUnfinishedAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Unfinished > 0 && Stopwatch.GetElapsedTime(started) < limit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }
    }

    /// <summary>Counts one request of <paramref name="tenantId"/> that ended with <paramref name="status"/>, now.</summary>
    public void Record(string tenantId, int status)
    {
        var now = time.GetUtcNow();
        // Under the lock a write cannot take the dictionary between finding a tally and counting in it (a count
        // added to a dictionary already taken and read would be lost); held for a dictionary update only.
        lock (gate)
        {
            tallies.GetOrAdd(tenantId, _ => new Tally()).TryAdd(SqlTenantActivityStore.Period(now), status, now);
        }
    }

    /// <summary>Writes what was counted since the last write; on failure the counts are kept for the next one.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        ConcurrentDictionary<string, Tally> taken;
        lock (gate)
        {
            taken = tallies;
            tallies = new ConcurrentDictionary<string, Tally>(StringComparer.Ordinal);
        }
        var written = new List<RequestTally>();
        foreach (var (tenantId, tally) in taken)
        {
            if (tally.Close() is { } closed)
            {
                written.Add(new RequestTally(tenantId, closed.First, closed.Last, closed.Counts));
            }
        }
        try
        {
            await store.RecordAsync(written, cancellationToken);
        }
        catch
        {
            foreach (var tally in written)
            {
                foreach (var ((period, status), count) in tally.Counts)
                {
                    lock (gate)
                    {
                        tallies.GetOrAdd(tally.TenantId, _ => new Tally()).TryAdd(period, status, tally.First, tally.Last, count);
                    }
                }
            }
            throw;
        }
    }

    /// <summary>One tenant's counts; closed once taken, so a late increment goes to the next one.</summary>
    private sealed class Tally
    {
        private readonly Lock gate = new();
        private readonly Dictionary<(DateTimeOffset Period, int Status), long> counts = [];
        private DateTimeOffset first = DateTimeOffset.MaxValue;
        private DateTimeOffset last = DateTimeOffset.MinValue;
        private bool closed;

        public bool TryAdd(DateTimeOffset period, int status, DateTimeOffset at) => TryAdd(period, status, at, at, 1);

        public bool TryAdd(DateTimeOffset period, int status, DateTimeOffset from, DateTimeOffset to, long count)
        {
            lock (gate)
            {
                if (closed)
                {
                    return false;
                }
                counts[(period, status)] = counts.GetValueOrDefault((period, status)) + count;
                first = from < first ? from : first;
                last = to > last ? to : last;
                return true;
            }
        }

        public (DateTimeOffset First, DateTimeOffset Last, Dictionary<(DateTimeOffset, int), long> Counts)? Close()
        {
            lock (gate)
            {
                closed = true;
                return counts.Count == 0 ? null : (first, last, counts);
            }
        }
    }
}
