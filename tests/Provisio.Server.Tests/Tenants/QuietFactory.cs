using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Tenants;

/// <summary>
/// A server without its background jobs (maintenance, access recomputation, group deletion events, webhook delivery),
/// so the rows a test writes stay as written while it counts them.
/// </summary>
public sealed class QuietFactory : ProvisioFactory
{
    private static readonly string[] Jobs = ["MaintenanceJobs", "AccessRecomputationJob", "GroupDeletionEventsJob", "WebhookDispatcher"];

    /// <summary>Webhook endpoints on this machine are accepted: there is no delivery to refuse them anyway.</summary>
    public QuietFactory() => Settings["Provisio:Webhooks:AllowPrivateNetworks"] = "true";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            foreach (var job in services.Where(d => d.ServiceType == typeof(IHostedService) && Jobs.Contains(d.ImplementationType?.Name)).ToList())
            {
                services.Remove(job);
            }
        });
    }
}
