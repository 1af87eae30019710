using Microsoft.Extensions.DependencyInjection;

namespace Provisio.Storage;

/// <summary>Returned by <c>AddProvisio</c>; storage providers hang their <c>UseXxx</c> methods on it.</summary>
public sealed class ProvisioBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;
}
