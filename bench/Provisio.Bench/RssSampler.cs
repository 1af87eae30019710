namespace Provisio.Bench;

/// <summary>
/// Samples a process's RSS every 10 ms while one request runs: VmHWM alone cannot say how much a single response
/// added on top of what the process already held.
/// </summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly int pid;
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;

    public RssSampler(int pid)
    {
        this.pid = pid;
        BeforeMb = ProcessMemory.RssMb(pid);
        MaxMb = BeforeMb;
        sampling = SampleAsync();
    }

    public double BeforeMb { get; }

    public double MaxMb { get; private set; }

    public double GrowthMb => MaxMb - BeforeMb;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                MaxMb = Math.Max(MaxMb, ProcessMemory.RssMb(pid));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the request is done.
        }
        MaxMb = Math.Max(MaxMb, ProcessMemory.RssMb(pid));
    }
}
