using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Tenants;

/// <summary>
/// A provisio server on Kestrel, listening on a free loopback port: what the CLI's remote mode talks to, over a real
/// socket, as it would to any server.
/// </summary>
public sealed class ListeningServer : IDisposable
{
    public ListeningServer()
    {
        Factory = new ProvisioFactory();
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address);
    }

    public ProvisioFactory Factory { get; }

    /// <summary>The server's base URL, e.g. http://127.0.0.1:41234.</summary>
    public Uri Url { get; }

    public void Dispose() => Factory.Dispose();
}
