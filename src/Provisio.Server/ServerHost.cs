using Provisio.AspNetCore;
using Provisio.Server.Admin;
using Provisio.Server.Health;
using Provisio.Server.Telemetry;
using Provisio.Server.Webhooks;
using Provisio.Storage.Postgres;
using Provisio.Storage.Sqlite;

namespace Provisio.Server;

/// <summary>Builds the provisio web application: SCIM, the admin API, their error shapes, first-run set-up.</summary>
internal static class ServerHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = DefaultContentRoot(args) });
        // ASP.NET Core's own request lines print the raw query string (filters hold e-mail addresses) and raw paths
        // (CR/LF forge lines); Provisio's request log replaces them, whatever the configuration says.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        // Naming the server software only helps someone looking for a known weakness.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        var provisio = builder.Configuration.GetSection("Provisio");
        builder.Services.AddOptions<ProvisioOptions>().Bind(provisio);
        var storage = provisio.GetSection("Storage");
        var provider = storage["Provider"] ?? "sqlite";
        var scim = builder.Services.AddProvisio();
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                scim.UseSqlite();
                builder.Services.AddOptions<SqliteStorageOptions>().Bind(storage);
                break;
            case "postgres" or "postgresql":
                scim.UsePostgres();
                builder.Services.AddOptions<PostgresStorageOptions>().Bind(storage);
                break;
            default:
                throw new InvalidOperationException($"Provisio:Storage:Provider must be 'sqlite' or 'postgres', not '{provider}'.");
        }
        var proxies = provisio.GetSection("ForwardedHeaders").Get<ProxySettings>() ?? new ProxySettings();
        if (proxies.Enabled)
        {
            builder.Services.Configure<ForwardedHeadersOptions>(proxies.Apply);
        }
        builder.Services.AddProvisioAdminApi();
        builder.Services.AddProvisioWebhooks(builder.Configuration);
        builder.Services.AddWebhookDelivery();
        builder.Services.AddOptions<FirstRunOptions>();
        builder.Services.AddHostedService<FirstRunBootstrap>();
        builder.Services.AddProvisioHealthChecks();
        builder.AddProvisioTelemetry();

        var app = builder.Build();
        if (proxies.Enabled)
        {
            app.UseForwardedHeaders(); // first, so everything after sees the client's scheme and address
        }
        app.UseProvisioRequestLogging();
        // The admin API answers in problem details; everything else, SCIM or not, in the SCIM error shape.
        app.UseWhen(AdminApi.Handles, api => api.UseAdminErrorResponses().Use(AdminAuditFilter.BufferBodyAsync));
        app.UseWhen(context => !AdminApi.Handles(context), scim => scim.UseScimErrorResponses());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter(); // after authorization, so the SCIM limit is per authenticated tenant
        app.MapScim("/scim/v2");
        app.MapProvisioAdminApi();
        app.MapProvisioHealthChecks();
        app.MapProvisioTelemetry();
        return app;
    }

    /// <summary>
    /// The folder provisio is installed in, so its appsettings.json is read wherever it is started from; a
    /// <c>--contentRoot</c> argument or the <c>ASPNETCORE_CONTENTROOT</c>/<c>DOTNET_CONTENTROOT</c> variable still wins.
    /// </summary>
    private static string? DefaultContentRoot(string[] args)
    {
        var overridden = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        return overridden ? null : AppContext.BaseDirectory;
    }
}
