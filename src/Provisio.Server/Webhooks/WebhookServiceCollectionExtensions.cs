using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Provisio.Server.Webhooks;

/// <summary>Registration of signed webhooks: options, secrets, the URL policy, and Data Protection's keys in the database.</summary>
internal static class WebhookServiceCollectionExtensions
{
    public const string Section = "Provisio:Webhooks";

    public static IServiceCollection AddProvisioWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookUrlPolicy>();
        services.AddSingleton<WebhookRegistry>();
        // One key ring for every instance and the CLI, in the database they share: a secret protected by one of them
        // is readable by all. The application name pins the keys' purpose whatever folder each one runs from.
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddDataProtection().SetApplicationName("Provisio");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseXmlRepository>((keys, repository) => keys.XmlRepository = repository);
        return services;
    }
}
