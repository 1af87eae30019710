using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Provisio.Server;

/// <summary>
/// <c>Provisio:ForwardedHeaders</c>: behind a reverse proxy that terminates TLS, trust its <c>X-Forwarded-Proto</c> and
/// <c>X-Forwarded-For</c>, but only from the proxies named here (loopback is always trusted), so nobody else can
/// claim to be https or another client address. Off by default.
/// </summary>
internal sealed class ProxySettings
{
    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies, e.g. <c>192.0.2.10</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation, e.g. <c>192.0.2.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public void Apply(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"Provisio:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
        }
        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Provisio:ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation (192.0.2.0/24)."));
        }
    }
}
