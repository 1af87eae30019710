using Provisio.AspNetCore;
using Provisio.Storage.Sqlite;

namespace Provisio.Server;

/// <summary>Builds the provisio web application: SCIM on SQLite, the SCIM error shape everywhere, first-run set-up.</summary>
internal static class ServerHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var provisio = builder.Configuration.GetSection("Provisio");
        builder.Services.AddOptions<ProvisioOptions>().Bind(provisio);
        builder.Services.AddProvisio().UseSqlite();
        builder.Services.AddOptions<SqliteStorageOptions>().Bind(provisio.GetSection("Storage"));
        builder.Services.AddOptions<FirstRunOptions>();
        builder.Services.AddHostedService<FirstRunBootstrap>();

        var app = builder.Build();
        app.UseScimErrorResponses();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapScim("/scim/v2");
        return app;
    }
}
