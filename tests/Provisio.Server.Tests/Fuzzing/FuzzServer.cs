using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>The test server of <see cref="ProvisioFactory"/>, with the errors it logs kept for the fuzz report.</summary>
internal sealed class FuzzServer : ProvisioFactory
{
    public ServerErrorLog Errors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(Errors)));
    }
}
