namespace Provisio.Server.Tests.Events;

/// <summary>Waits for what background work does sooner or later, with a timeout generous enough for a loaded machine.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

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

    public static Task HoldsAsync(Func<bool> condition, string what) => HoldsAsync(() => Task.FromResult(condition()), what);
}
