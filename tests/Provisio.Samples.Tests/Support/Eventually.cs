namespace Provisio.Samples.Tests.Support;

/// <summary>Waits for what background work (event delivery) does sooner or later; fails after the deadline.</summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > Timeout)
            {
                Assert.Fail($"Not within {Timeout.TotalSeconds} s: {what}");
            }
            await Task.Delay(50);
        }
    }
}
