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

    /// <summary>How often to look for tenants whose access configuration changed (mappings, roles, allowlist). The default is 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan AccessRecomputationInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Users whose access one transaction of the recomputation computes. The default is 500.</summary>
    [Range(1, 10_000)]
    public int AccessRecomputationBatch { get; set; } = 500;

    /// <summary>How often to look for deleted groups whose member events are still to be written. The default is 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan GroupDeletionEventsInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Member events of a deleted group written per transaction. The default is 1,000.</summary>
    [Range(1, 10_000)]
    public int GroupDeletionEventsBatch { get; set; } = 1_000;
}
