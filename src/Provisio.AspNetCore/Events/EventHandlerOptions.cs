using System.ComponentModel.DataAnnotations;

namespace Provisio.AspNetCore.Events;

/// <summary>
/// How events reach the in-process handlers (<c>Provisio:Events</c>). A failed event is tried again after
/// <see cref="RetryBaseDelay"/>, doubled at each failure up to <see cref="RetryMaxDelay"/>, each delay varied by up to
/// a fifth so failures do not retry in lockstep; after <see cref="MaxAttempts"/> attempts (the defaults: 34, over
/// about a day) it is given up with an error in the log and kept in <c>event_dead_letters</c>.
/// </summary>
public sealed class EventHandlerOptions
{
    /// <summary>How often to look for events written by other instances (this one's are seen at once). The default is 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait after a first failure. The default is 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two attempts. The default is 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts (the first included) before an event is given up. The default is 34.</summary>
    [Range(1, 1_000)]
    public int MaxAttempts { get; set; } = 34;

    /// <summary>How long one delivery may take before it counts as failed. The default is 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Events one tenant delivers before it lets other tenants have its turn. The default is 100.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Tenants whose events are delivered at the same time. The default is 8.</summary>
    [Range(1, 1_000)]
    public int ConcurrentTenants { get; set; } = 8;
}
