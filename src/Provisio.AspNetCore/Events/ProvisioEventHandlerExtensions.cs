using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Provisio.AspNetCore.Events;
using Provisio.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers in-process handlers of Provisio's change events.</summary>
public static class ProvisioEventHandlerExtensions
{
    /// <summary>
    /// Delivers every tenant's change events to <typeparamref name="THandler"/>, resolved from a scope per delivery:
    /// <c>services.AddProvisio().UseSqlite().AddEventHandler&lt;MyHandler&gt;()</c>.
    /// </summary>
    public static ProvisioBuilder AddEventHandler<THandler>(this ProvisioBuilder builder)
        where THandler : class, IProvisioEventHandler
    {
        builder.Services.AddProvisioEventHandler<THandler>();
        return builder;
    }

    /// <summary>
    /// The same as <see cref="AddEventHandler{THandler}(ProvisioBuilder)"/>, for code that holds the service collection
    /// only; it may run before or after <c>AddProvisio</c>. Registering a handler type twice delivers to it once.
    /// </summary>
    public static IServiceCollection AddProvisioEventHandler<THandler>(this IServiceCollection services)
        where THandler : class, IProvisioEventHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IProvisioEventHandler, THandler>());
        // The dispatcher runs only in hosts that have a handler: without one, nothing would consume its position.
        services.TryAddSingleton<ConsumerPass>();
        services.TryAddSingleton<HandlerConsumer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventDispatcher>());
        return services;
    }
}
