using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Provisio.Storage.Access;
using Provisio.Storage.Admin;
using Provisio.Storage.Audit;
using Provisio.Storage.Events;
using Provisio.Storage.Migrations;
using Provisio.Storage.Passwords;
using Provisio.Storage.Sql;
using Provisio.Storage.Tenancy;
using Provisio.Storage.Webhooks;

namespace Provisio.Storage;

/// <summary>Registration shared by every SQL storage provider.</summary>
public static class ProvisioBuilderSqlExtensions
{
    /// <summary>Registers the SQL stores over <paramref name="dialect"/> and migrates the schema at start-up.</summary>
    public static ProvisioBuilder UseSqlDialect(this ProvisioBuilder builder, Func<IServiceProvider, ISqlDialect> dialect)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(dialect);
        services.AddSingleton<EventSignal>();
        services.AddSingleton<IResourceStore, SqlResourceStore>();
        services.AddSingleton<ITenantSettingsStore, SqlTenantSettingsStore>();
        services.AddSingleton<IEventStore, SqlEventStore>();
        services.AddSingleton<IEventConsumerStore, SqlEventConsumerStore>();
        services.AddSingleton<IGroupDeletionEvents, SqlGroupDeletionEvents>();
        services.AddSingleton<IAuditLog, SqlAuditLog>();
        services.AddSingleton<Activity.ITenantActivityStore, Activity.SqlTenantActivityStore>();
        services.AddSingleton<IPasswordHashStore, SqlPasswordHashStore>();
        services.AddSingleton<IAdminKeyStore, SqlAdminKeyStore>();
        services.AddSingleton<IAccessStore, SqlAccessStore>();
        services.AddSingleton<IWebhookStore, SqlWebhookStore>();
        services.AddSingleton<IAccessConfigurationStore, SqlAccessConfigurationStore>();
        services.AddSingleton<IWebhookAttemptLog, SqlWebhookAttemptLog>();
        services.AddSingleton<IDataProtectionKeyStore, SqlDataProtectionKeyStore>();
        services.AddSingleton<SqlTenantStore>();
        services.AddSingleton<ITenantStore>(provider =>
            new CachingTenantStore(provider.GetRequiredService<SqlTenantStore>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Migrator>();
        // First of the hosted services: those after it may read the schema as they start (Data Protection loads its key
        // ring from data_protection_keys).
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrationHostedService>());
        return builder;
    }

    private sealed class MigrationHostedService(Migrator migrator) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
