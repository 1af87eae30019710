using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Provisio.Storage.Sqlite;

/// <summary>
/// How SQLite's one writer is shared, on the process's <c>Provisio</c> meter: the time each write waited for its turn at
/// the write gate and the time it held it. When the turns are held most of the time, writes queue behind each other and
/// the wait grows; that is the sign for an instance to move to PostgreSQL, whose writers do not take turns.
/// </summary>
internal static class SqliteWriteMetrics
{
    private static readonly Meter Meter = new("Provisio");

    /// <summary>From 50 µs to 10 s: a turn is usually well under a millisecond, a queue behind a large write seconds.</summary>
    private static readonly InstrumentAdvice<double> Buckets = new()
    {
        HistogramBucketBoundaries = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private static readonly Histogram<double> Wait = Meter.CreateHistogram("provisio.sqlite.write.wait", "s",
        "Time a SQLite write waited for its turn at this process's write gate.", tags: null, advice: Buckets);

    private static readonly Histogram<double> Hold = Meter.CreateHistogram("provisio.sqlite.write.hold", "s",
        "Time a SQLite write held its turn at this process's write gate (its transaction, from the turn to the close).", tags: null, advice: Buckets);

    public static void Waited(long since, long until) => Wait.Record(Stopwatch.GetElapsedTime(since, until).TotalSeconds);

    public static void Held(long since, long until) => Hold.Record(Stopwatch.GetElapsedTime(since, until).TotalSeconds);
}
