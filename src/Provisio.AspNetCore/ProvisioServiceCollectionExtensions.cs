using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Provisio.AspNetCore;
using Provisio.AspNetCore.Auth;
using Provisio.AspNetCore.Endpoints;
using Provisio.AspNetCore.Http;
using Provisio.AspNetCore.Jobs;
using Provisio.AspNetCore.Paging;
using Provisio.AspNetCore.RateLimiting;
using Provisio.AspNetCore.Tenancy;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Provisio in an ASP.NET Core app.</summary>
public static class ProvisioServiceCollectionExtensions
{
    /// <summary>Adds the SCIM services; choose storage on the returned builder (<c>.UseSqlite()</c>).</summary>
    public static ProvisioBuilder AddProvisio(this IServiceCollection services, Action<ProvisioOptions>? configure = null)
    {
        var options = services.AddOptions<ProvisioOptions>()
            .ValidateDataAnnotations()
            .Validate(o => IsValid(o.RateLimits.Scim) && IsValid(o.RateLimits.Discovery) && IsValid(o.RateLimits.FailedAuthentication),
                "Provisio:RateLimits: PermitsPerSecond must be at least 0.01 and Burst at least 1.")
            .Validate(o => string.IsNullOrEmpty(o.PublicBaseUrl) || IsBaseUrl(o.PublicBaseUrl),
                "Provisio:PublicBaseUrl must be an absolute http or https URL without query or fragment, e.g. https://scim.example.com.")
            .Validate(o => Validator.TryValidateObject(o.Queries, new ValidationContext(o.Queries), null, validateAllProperties: true),
                "Provisio:Queries: MaxFilterTerms 1–10,000, MaxFilterScanTerms 0–10,000, ScanTimeout 1 ms–1 h, ScansPerTenant 1–1,000.")
            .Validate(o => IsValidObject(o.Events) && o.Events.RetryMaxDelay >= o.Events.RetryBaseDelay,
                "Provisio:Events: PollInterval 10 ms–1 h, RetryBaseDelay 1 ms–1 day, RetryMaxDelay 1 ms–7 days and not below RetryBaseDelay, "
                + "MaxAttempts 1–1,000, HandlerTimeout 10 ms–1 h, BatchSize 1–10,000, ConcurrentTenants 1–1,000.")
            .Validate(o => IsValidObject(o.Jobs), "Provisio:Jobs: Interval 10 ms–7 days, FirstRunDelay 0–1 day.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => SchemaRegistry.CreateDefault());
        services.TryAddSingleton<ResourceRenderer>();
        services.TryAddSingleton<PasswordHashGate>();
        services.TryAddSingleton<ResourceCommands>();
        services.TryAddSingleton<ScimServices>();
        services.TryAddSingleton<CursorCodec>();
        services.AddDataProtection();
        services.TryAddSingleton<ScimTokenIssuer>();
        services.TryAddSingleton<FailedAuthenticationLimiter>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ScimTokenAuthenticationHandler>(ScimAuthenticationDefaults.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ScimAuthenticationDefaults.Policy, policy => policy
                .AddAuthenticationSchemes(ScimAuthenticationDefaults.Scheme)
                .AddRequirements(new ScimTokenRequirement()));
        // Always: purge after the grace period and audit retention are owed by every deployment, handlers or not.
        services.AddHostedService<MaintenanceJobs>();
        services.AddHostedService<AccessRecomputationJob>();
        services.AddHostedService<GroupDeletionEventsJob>();
        services.TryAddSingleton<TenantRequestCounter>();
        services.AddHostedService<TenantRequestCountWriter>();
        services.AddRateLimiter(limiter => limiter
            .AddPolicy<string, ScimRateLimitPolicy>(ProvisioRateLimitPolicies.Scim)
            .AddPolicy<string, DiscoveryRateLimitPolicy>(ProvisioRateLimitPolicies.Discovery));
        return new ProvisioBuilder(services);
    }

    private static bool IsBaseUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);

    private static bool IsValid(RateLimitOptions.TokenBucket bucket) => IsValidObject(bucket);

    private static bool IsValidObject(object options) =>
        Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true);
}
