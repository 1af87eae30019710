using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore;
using Provisio.AspNetCore.Auth;
using Provisio.Storage.Tenancy;

namespace Provisio.Server;

/// <summary>Where the first-run message goes (the console, unless a test captures it).</summary>
internal sealed class FirstRunOptions
{
    public TextWriter Output { get; set; } = Console.Out;
}

/// <summary>
/// On the first start with an empty database, creates the <c>default</c> tenant and one SCIM token, and prints the
/// base URL and the token once: the token is not stored in clear and cannot be shown again.
/// </summary>
internal sealed class FirstRunBootstrap(
    ITenantStore tenants,
    ScimTokenIssuer issuer,
    TimeProvider time,
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<FirstRunOptions> options,
    IOptions<ProvisioOptions> provisio) : IHostedService
{
    public const string DefaultTenant = "default";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if ((await tenants.ListTenantsAsync(cancellationToken)).Count > 0)
        {
            return;
        }
        if (!await tenants.CreateTenantAsync(new Tenant(DefaultTenant, "Default", time.GetUtcNow()), cancellationToken))
        {
            return;
        }
        var (_, token) = await issuer.IssueAsync(DefaultTenant, "first-run", lifetime: null, cancellationToken);
        // Printed once the server listens, so the URL carries the real address and port.
        lifetime.ApplicationStarted.Register(() => Print(token));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print(string token)
    {
        var address = provisio.Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured
            : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        var output = options.Value.Output;
        output.WriteLine();
        output.WriteLine("Provisio created the 'default' tenant on this first start.");
        output.WriteLine($"  SCIM base URL: {address.TrimEnd('/')}/scim/v2/{DefaultTenant}");
        output.WriteLine($"  SCIM token:    {token}");
        output.WriteLine("The token is shown only this once; create more with: provisio tokens create --tenant default --name NAME");
        output.WriteLine();
        output.Flush();
    }
}
