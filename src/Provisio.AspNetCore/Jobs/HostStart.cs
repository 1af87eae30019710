using Microsoft.Extensions.Hosting;

namespace Provisio.AspNetCore.Jobs;

/// <summary>Background work waits for the host to have started: by then every start-up task (migrations) has run.</summary>
internal static class HostStart
{
    public static async Task WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }
}
