using System.Diagnostics;

namespace Provisio.Storage.Tests.Support;

/// <summary>Waits for what background work makes true (a checkpoint, an optimizer's pass), polling every 20 ms.</summary>
public static class Eventually
{
    /// <summary>Whether <paramref name="condition"/> held within <paramref name="limit"/>.</summary>
    public static async Task<bool> WithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }

    public static Task<bool> WithinAsync(TimeSpan limit, Func<bool> condition) =>
        WithinAsync(limit, () => Task.FromResult(condition()));
}
