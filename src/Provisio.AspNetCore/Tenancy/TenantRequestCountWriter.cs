using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Provisio.AspNetCore.Tenancy;

/// <summary>
/// Writes the request counts every <see cref="Interval"/>, and once more when the host has stopped: after the server's
/// hosted service has drained the requests in flight, so their counts are in that last write.
/// </summary>
internal sealed class TenantRequestCountWriter(TenantRequestCounter counter, TimeProvider time, ILogger<TenantRequestCountWriter> logger)
    : BackgroundService, IHostedLifecycleService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>How long the last write waits for requests still being answered (a test server does not drain them).</summary>
    public static readonly TimeSpan UnfinishedWait = TimeSpan.FromSeconds(5);

    private readonly Lock stopping = new();
    private Task? lastWrite;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await WriteAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the last counts are written once every hosted service has stopped.
        }
    }

    /// <summary>
    /// Runs the last write once, however many callers stop the host (a test host and the app's own RunAsync both do);
    /// every caller waits for that one write, so none disposes the services while it runs.
    /// </summary>
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        lock (stopping)
        {
            return lastWrite ??= WriteLastAsync(cancellationToken);
        }
    }

    private async Task WriteLastAsync(CancellationToken cancellationToken)
    {
        try
        {
            await counter.WaitForUnfinishedAsync(UnfinishedWait, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Out of shutdown time: write what has been counted.
        }
        await WriteAsync(CancellationToken.None);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await counter.FlushAsync(cancellationToken);
        }
        catch (System.Data.Common.DbException exception)
        {
            // Kept in memory for the next write: a database that is away loses no counts.
            Log.RequestCountsNotWritten(logger, exception);
        }
    }
}
