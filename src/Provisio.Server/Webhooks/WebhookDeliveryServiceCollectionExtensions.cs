using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore.Events;

namespace Provisio.Server.Webhooks;

/// <summary>Registers webhook sending and the background delivery of events to the tenants' endpoints.</summary>
internal static class WebhookDeliveryServiceCollectionExtensions
{
    /// <summary>What sends a signed POST (the server's worker, and the CLI's and API's test events).</summary>
    public static IServiceCollection AddWebhookSending(this IServiceCollection services)
    {
        services.TryAddSingleton<WebhookSecrets>();
        services.TryAddSingleton<IWebhookSender, WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => WebhookSender.CreateHandler(provider.GetRequiredService<IOptions<WebhookOptions>>().Value))
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // the sender's own timeout covers connect to last byte
            .RemoveAllLoggers(); // their lines print the URL, which may carry a receiver's token in its query
        return services;
    }

    /// <summary>The background worker that delivers events; only the server runs it.</summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.AddWebhookSending();
        services.TryAddSingleton<ConsumerPass>();
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
