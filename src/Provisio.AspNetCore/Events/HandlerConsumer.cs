using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Provisio.Storage.Events;

namespace Provisio.AspNetCore.Events;

/// <summary>The in-process handlers as one consumer of the outbox: each event goes to every handler in turn.</summary>
internal sealed class HandlerConsumer(IServiceScopeFactory scopes, IOptions<ProvisioOptions> options, TimeProvider time) : IOutboxConsumer
{
    /// <summary>The consumer name of the in-process handlers.</summary>
    public const string ConsumerName = "handlers";

    private readonly EventHandlerOptions settings = options.Value.Events;

    public string Name => ConsumerName;

    public int BatchSize => settings.BatchSize;

    public int MaxAttempts => settings.MaxAttempts;

    public TimeSpan Backoff(int failures, double jitter) =>
        RetryBackoff.After(failures, settings.RetryBaseDelay, 2, settings.RetryMaxDelay, jitter);

    public bool Wants(ChangeEvent change) => true;

    public async Task<DeliveryFailure?> DeliverAsync(ChangeEvent change, int attempt, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(settings.HandlerTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            // WaitAsync bounds the wait even for a handler that ignores its token: the tenant moves on either way.
            await CallHandlersAsync(ProvisioEvent.From(change), linked.Token).WaitAsync(settings.HandlerTimeout, time, stoppingToken);
            return null;
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // Whatever a handler throws is that event's failure, retried later; it must not end the tenant's pass.
            return new DeliveryFailure($"{exception.GetType().FullName}: {exception.Message}", exception);
        }
    }

    private async Task CallHandlersAsync(ProvisioEvent provisioEvent, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var handler in scope.ServiceProvider.GetServices<IProvisioEventHandler>())
        {
            await handler.HandleAsync(provisioEvent, cancellationToken);
        }
    }
}
