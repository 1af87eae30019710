using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Provisio.AspNetCore.Tenancy;

/// <summary>Writes the request counts every <see cref="Interval"/>, and once more when the host stops.</summary>
internal sealed class TenantRequestCountWriter(TenantRequestCounter counter, TimeProvider time, ILogger<TenantRequestCountWriter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

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
            // Stopping: the last counts are written below.
        }
        await WriteAsync(CancellationToken.None);
    }

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
