using Microsoft.Extensions.Logging;

namespace Provisio.Storage.Sqlite;

/// <summary>Everything Provisio.Storage.Sqlite logs, with stable event ids (3001–3099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, EventName = "PlannerStatisticsFailed", Level = LogLevel.Warning,
        Message = "SQLite's planner statistics pass failed; it runs again in a minute")]
    public static partial void PlannerStatisticsFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3002, EventName = "CheckpointFailed", Level = LogLevel.Warning,
        Message = "Copying SQLite's write-ahead log into the database failed; writers copy it themselves every {BackstopPages} pages meanwhile, and each write brings another try")]
    public static partial void CheckpointFailed(ILogger logger, int backstopPages, Exception exception);

    [LoggerMessage(EventId = 3003, EventName = "CheckpointsResumed", Level = LogLevel.Information,
        Message = "Copying SQLite's write-ahead log into the database works again, after {FailedPasses} failed passes")]
    public static partial void CheckpointsResumed(ILogger logger, int failedPasses);
}
