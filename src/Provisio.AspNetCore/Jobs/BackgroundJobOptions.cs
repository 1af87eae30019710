using System.ComponentModel.DataAnnotations;

namespace Provisio.AspNetCore.Jobs;

/// <summary>
/// When the maintenance jobs run (<c>Provisio:Jobs</c>): purging soft-deleted users after their tenant's grace
/// period, and pruning audit rows past their tenant's retention.
/// </summary>
public sealed class BackgroundJobOptions
{
    /// <summary>The time between two runs. The default is 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The wait after start-up before the first run. The default is 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FirstRunDelay { get; set; } = TimeSpan.FromSeconds(30);
}
