namespace Provisio.AspNetCore.Events;

/// <summary>Exponential backoff with jitter: the base delay multiplied by a factor per failure, capped, then varied by ±20 %.</summary>
internal static class RetryBackoff
{
    /// <summary>The wait after the <paramref name="failures"/>-th failure; <paramref name="jitter"/> is uniform in [0, 1).</summary>
    public static TimeSpan After(int failures, TimeSpan baseDelay, double factor, TimeSpan maxDelay, double jitter)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(factor, Math.Clamp(failures - 1, 0, 62));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * jitter)));
    }
}
