using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore.Auth;
using Provisio.Storage.Tenancy;

namespace SaasApp.Embedded;

/// <summary>
/// On the first start, creates the SCIM tenant and a token for the IdP and prints both once (the token is stored only
/// as a hash). The app serves one tenant, the one its IdP provisions; a multi-tenant app makes one per customer.
/// </summary>
public sealed class ScimSetup(
    ITenantStore tenants,
    ScimTokenIssuer issuer,
    TimeProvider time,
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<ScimSetupOptions> options,
    ILogger<ScimSetup> logger) : IHostedService
{
    public const string Tenant = "default";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await tenants.CreateTenantAsync(new Tenant(Tenant, "SaasApp", time.GetUtcNow()), cancellationToken))
        {
            Log.ScimTenantExists(logger, Tenant);
            return;
        }
        var (_, token) = await issuer.IssueAsync(Tenant, "idp", lifetime: null, cancellationToken);
        // Printed once Kestrel listens, so the URL shows the real port.
        lifetime.ApplicationStarted.Register(() => Print(token));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print(string token)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        var output = options.Value.Output;
        output.WriteLine();
        output.WriteLine("SaasApp hosts SCIM for its IdP. Give your IdP (Okta: SCIM 2.0 Base Url, HTTP Header auth):");
        output.WriteLine($"  SCIM base URL: {address.TrimEnd('/')}/scim/v2/{Tenant}");
        output.WriteLine($"  SCIM token:    {token}");
        output.WriteLine("The token is shown only this once (it is stored as a hash). See samples/SaasApp/README.md for another one.");
        output.WriteLine();
        output.Flush();
    }
}
