using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Events;

/// <summary>
/// The provisio server with a recording event handler, registered from the test's ConfigureServices (after
/// AddProvisio has run), with short polls and retry delays so the tests wait little.
/// </summary>
public sealed class HandlerFactory : ProvisioFactory
{
    public HandlerFactory()
    {
        UseShortDelays();
    }

    /// <summary>A second server on the data folder (and database) of another, reporting to <paramref name="recorder"/>.</summary>
    internal HandlerFactory(string dataDirectory, EventRecorder recorder, string name)
        : base(dataDirectory)
    {
        Recorder = recorder;
        Name = name;
        UseShortDelays();
    }

    public EventRecorder Recorder { get; } = new();

    public string Name { get; } = "first";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(Recorder);
            services.AddSingleton(new HandlerInstance(Name));
            services.AddProvisioEventHandler<RecordingHandler>();
        });
    }

    private void UseShortDelays()
    {
        Settings["Provisio:Events:PollInterval"] = "00:00:00.100";
        Settings["Provisio:Events:RetryBaseDelay"] = "00:00:00.050";
        Settings["Provisio:Events:RetryMaxDelay"] = "00:00:00.200";
    }
}
