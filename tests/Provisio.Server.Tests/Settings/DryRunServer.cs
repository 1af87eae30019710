using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Events;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Settings;

/// <summary>
/// The provisio server with both ways events leave it: an in-process recording handler and webhooks that may reach a
/// loopback receiver, polled often so the tests wait little.
/// </summary>
public sealed class DryRunServer : ProvisioFactory
{
    public DryRunServer()
    {
        Settings["Provisio:Events:PollInterval"] = "00:00:00.100";
        Settings["Provisio:Webhooks:AllowPrivateNetworks"] = "true";
        Settings["Provisio:Webhooks:PollInterval"] = "00:00:00.100";
        Settings["Provisio:Webhooks:RetryBaseDelay"] = "00:00:00.100";
        Settings["Provisio:Webhooks:RetryMaxDelay"] = "00:00:00.500";
    }

    internal EventRecorder Recorder { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(Recorder);
            services.AddSingleton(new HandlerInstance("dry-run"));
            services.AddProvisioEventHandler<RecordingHandler>();
        });
    }
}
