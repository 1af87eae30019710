using System.Diagnostics;

namespace Provisio.Bench;

/// <summary>
/// How many operations per second C concurrent workers get through, and the time of each operation (p50/p95/p99 in
/// milliseconds): an IdP sync is a fixed number of workers each waiting for its answer before the next request.
/// </summary>
internal sealed record Throughput(int Operations, int Concurrency, double Seconds, double P50Ms, double P95Ms, double P99Ms)
{
    public double PerSecond => Operations / Seconds;

    /// <summary>Runs <paramref name="operation"/> for indexes 0 … operations-1, each index once, from C workers.</summary>
    public static async Task<Throughput> MeasureAsync(int operations, int concurrency, Func<int, CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        var samples = new double[operations];
        var next = -1;
        async Task WorkAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < operations; i = Interlocked.Increment(ref next))
            {
                var start = Stopwatch.GetTimestamp();
                await operation(i, cancellationToken);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkAsync, cancellationToken)));
        return FromSamples(samples, concurrency, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Summarises samples (milliseconds) taken by <paramref name="concurrency"/> workers in <paramref name="seconds"/>.</summary>
    public static Throughput FromSamples(IEnumerable<double> samples, int concurrency, double seconds)
    {
        var sorted = samples.Order().ToArray();
        return new Throughput(sorted.Length, concurrency, seconds,
            Latency.Percentile(sorted, 0.50), Latency.Percentile(sorted, 0.95), Latency.Percentile(sorted, 0.99));
    }
}
