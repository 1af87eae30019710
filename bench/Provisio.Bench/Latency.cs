using System.Diagnostics;
using System.Globalization;

namespace Provisio.Bench;

/// <summary>Times an operation repeatedly and reports median and p99 in milliseconds.</summary>
internal sealed record Latency(string Name, int Runs, double MedianMs, double P99Ms, double MeanMs)
{
    public static async Task<Latency> MeasureAsync(string name, int runs, int warmup, Func<int, Task> operation)
    {
        for (var i = 0; i < warmup; i++)
        {
            await operation(i);
        }
        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await operation(warmup + i);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return new Latency(name, runs, Percentile(samples, 0.50), Percentile(samples, 0.99), samples.Average());
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name,-44} | {Runs,6} | {MedianMs,9:F3} | {P99Ms,9:F3} | {MeanMs,9:F3} |");

    public static string Header =>
        $"| {"workload",-44} | {"runs",6} | {"p50 ms",9} | {"p99 ms",9} | {"mean ms",9} |\n|{new string('-', 46)}|{new string('-', 8)}|{new string('-', 11)}|{new string('-', 11)}|{new string('-', 11)}|";

    /// <summary>The nearest-rank percentile of ascending samples.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
