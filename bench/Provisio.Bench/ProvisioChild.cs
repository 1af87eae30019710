using Microsoft.Extensions.DependencyInjection;
using Provisio.AspNetCore.Auth;
using Provisio.Server;
using Provisio.Storage.Migrations;
using Provisio.Storage.Tenancy;

namespace Provisio.Bench;

/// <summary>
/// The real provisio executable in a child process on its own database, with one tenant and a SCIM token for it, as
/// an operator would run it (server GC, its own runtimeconfig).
/// </summary>
internal sealed class ProvisioChild : IAsyncDisposable
{
    private ProvisioChild(ChildServer server, ScimClient client)
    {
        Server = server;
        Client = client;
    }

    public ChildServer Server { get; }

    public ScimClient Client { get; }

    /// <summary>Creates the schema, the tenant and a token through the server's own services, then starts the server.</summary>
    public static async Task<ProvisioChild> StartAsync(string[] storageSettings, string tenant, CancellationToken cancellationToken)
    {
        string token;
        // Built, never started: the same configuration and services the provisio CLI's 'tenants' and 'tokens' verbs use.
        await using (var admin = ServerHost.Build(storageSettings))
        {
            await admin.Services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
            var now = admin.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            await admin.Services.GetRequiredService<ITenantStore>().CreateTenantAsync(new Tenant(tenant, tenant, now), cancellationToken);
            (_, token) = await admin.Services.GetRequiredService<ScimTokenIssuer>().IssueAsync(tenant, "bench", TimeSpan.FromHours(12), cancellationToken);
        }
        // RateLimits: an IdP's first sync must not be throttled here (a setting the server ignores if it lacks it).
        var server = await ChildServer.StartAsync("provisio", [.. storageSettings, "--Provisio:RateLimits:Enabled=false"], cancellationToken);
        return new ProvisioChild(server, ScimClient.Create($"{server.Url}/scim/v2/{tenant}/", token));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
