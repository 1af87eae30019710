using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Provisio.AspNetCore.Auth;
using Provisio.Server;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Support;

/// <summary>
/// The provisio server over HTTP (WebApplicationFactory) on a real SQLite database in a fresh temp folder.
/// Tests create their own tenants, so they never see each other's data.
/// </summary>
public class ProvisioFactory : WebApplicationFactory<Program>
{
    private readonly bool ownsDataDirectory;

    public ProvisioFactory()
        : this(Directory.CreateTempSubdirectory("provisio-test-").FullName) => ownsDataDirectory = true;

    /// <summary>A server on an existing data folder (xunit fixtures need a single public constructor).</summary>
    internal ProvisioFactory(string dataDirectory) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

    /// <summary>What the server printed on its first start.</summary>
    public StringWriter FirstRunOutput { get; } = new();

    /// <summary>Settings layered over appsettings.json for this server.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Provisio:Storage:DataDirectory", DataDirectory);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.Configure<FirstRunOptions>(o => o.Output = FirstRunOutput));
    }

    /// <summary>Creates a tenant with one token and returns a client for its SCIM base URL.</summary>
    public async Task<ScimClient> CreateTenantAsync(string? id = null, TimeSpan? tokenLifetime = null)
    {
        var tenantId = id ?? "t" + Guid.NewGuid().ToString("N")[..12];
        var tenants = Services.GetRequiredService<ITenantStore>();
        await tenants.CreateTenantAsync(new Tenant(tenantId, tenantId, DateTimeOffset.UnixEpoch), CancellationToken.None);
        var (record, token) = await Services.GetRequiredService<ScimTokenIssuer>()
            .IssueAsync(tenantId, "test", tokenLifetime, CancellationToken.None);
        return new ScimClient(CreateClient(), $"/scim/v2/{tenantId}", token, tenantId, record.Id);
    }

    public ScimClient Anonymous(string basePath = "/scim/v2") => new(CreateClient(), basePath, token: null, tenantId: null, tokenId: null);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            FirstRunOutput.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (!ownsDataDirectory)
            {
                return;
            }
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }
}
