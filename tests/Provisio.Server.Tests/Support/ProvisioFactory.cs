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

    /// <summary>The server's clock, when a test needs to move it.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Where the server's log lines go as well, when a test reads them.</summary>
    public CapturedLogs? Logs { get; init; }

    /// <summary>Settings layered over appsettings.json for this server.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
#if POSTGRES
        builder.UseSetting("Provisio:Storage:Provider", "postgres");
        builder.UseSetting("Provisio:Storage:ConnectionString", PostgresConnectionString);
#else
        builder.UseSetting("Provisio:Storage:DataDirectory", DataDirectory);
#endif
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.Configure<FirstRunOptions>(o => o.Output = FirstRunOutput);
            if (Time is not null)
            {
                services.AddSingleton(Time);
            }
            if (Logs is not null)
            {
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            }
        });
    }

#if POSTGRES
    /// <summary>One database per data folder, so two servers on one folder share it as they would share a SQLite file.</summary>
    public string PostgresConnectionString => postgres ??= Provisio.Tests.Support.PostgresCluster.GetAsync().GetAwaiter().GetResult()
        .CreateDatabaseAsync("http_" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(DataDirectory)))[..16].ToLowerInvariant())
        .GetAwaiter().GetResult();

    private string? postgres;

    /// <summary>
    /// Everything the database holds, as text (to prove what is never stored): every row of every table (resources,
    /// events, audit_log, deleted_resources…), and the token hashes as raw bytes as well.
    /// </summary>
    public async Task<string> DumpDatabaseAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new Npgsql.NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var dump = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = new Npgsql.NpgsqlCommand($"SELECT coalesce(string_agg(t::text, ' '), '') FROM \"{table}\" t", connection);
            dump.Append(await rows.ExecuteScalarAsync()).Append(' ');
        }
        await using var tokens = new Npgsql.NpgsqlCommand("SELECT coalesce(string_agg(encode(secret_hash, 'escape'), ' '), '') FROM scim_tokens", connection);
        return dump.Append(await tokens.ExecuteScalarAsync()).ToString();
    }
#else
    /// <summary>
    /// Everything the database holds, as text (to prove what is never stored): the whole file and its write-ahead log,
    /// so every table (resources, events, audit_log, deleted_resources…) and even freed pages.
    /// </summary>
    public Task<string> DumpDatabaseAsync()
    {
        var files = new[] { "provisio.db", "provisio.db-wal" }.Select(f => Path.Combine(DataDirectory, f)).Where(File.Exists);
        return Task.FromResult(string.Concat(files.Select(f => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f)))));
    }
#endif

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
