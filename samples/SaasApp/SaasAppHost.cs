using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Provisio.AspNetCore;
using SaasApp.Accounts;
using SaasApp.Data;
using SaasApp.Embedded;
using SaasApp.Provisioning;
using SaasApp.Webhooks;

namespace SaasApp;

/// <summary>Builds the app in the mode its configuration names; Program runs it, tests start it on a free port.</summary>
public static class SaasAppHost
{
    /// <summary>
    /// The app, ready to run. <paramref name="configureServices"/> runs last, so a test can replace a service
    /// (e.g. where the SCIM token is printed).
    /// </summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        // appsettings.json is read from beside the binary, so `dotnet run --project samples/SaasApp` finds it from any folder.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = builder.Configuration.Get<SaasAppOptions>() ?? new SaasAppOptions();
        builder.Services.AddOptions<SaasAppOptions>().Bind(builder.Configuration).ValidateDataAnnotations().ValidateOnStart();

        // The app's own accounts: registered first, so its tables exist before anything else starts.
        builder.Services.AddSingleton<AppDatabase>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AppDatabase>());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<DirectorySync>();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(SessionCookie.Configure)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AccountEndpoints.ApiKeyPolicy, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());

        if (settings.Mode == ConnectionMode.Embedded)
        {
            // Provisio in process: SCIM endpoints, its own tables in provisio.db, events to DirectorySyncHandler.
            builder.Services.AddOptions<ProvisioOptions>().Bind(builder.Configuration.GetSection("Provisio"));
            builder.Services.AddProvisio()
                .UseSqlite(storage => storage.DataDirectory = settings.DataDirectory)
                .AddEventHandler<DirectorySyncHandler>();
            builder.Services.AddOptions<ScimSetupOptions>();
            builder.Services.AddHostedService<ScimSetup>();
        }
        else
        {
            // Provisio as a service: it POSTs signed events here.
            builder.Services.AddOptions<WebhookReceiverOptions>().Bind(builder.Configuration.GetSection("Provisio"))
                .ValidateDataAnnotations().ValidateOnStart();
            builder.Services.AddSingleton<WebhookSignatureVerifier>();
        }
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        if (settings.Mode == ConnectionMode.Embedded)
        {
            // SCIM clients expect RFC 7644 error bodies; the app's own pages keep ASP.NET Core's defaults.
            app.UseWhen(context => context.Request.Path.StartsWithSegments("/scim"), scim => scim.UseScimErrorResponses());
        }
        app.UseAuthentication();
        app.UseAuthorization();
        if (settings.Mode == ConnectionMode.Embedded)
        {
            app.UseRateLimiter(); // after authorization: Provisio limits each tenant's SCIM traffic
            app.MapScim("/scim/v2");
        }
        else
        {
            app.MapProvisioWebhooks();
        }
        app.MapGet("/", () => Results.Redirect("/me"));
        app.MapAccounts();
        return app;
    }
}
