using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Provisio.AspNetCore;
using Provisio.AspNetCore.Auth;
using Provisio.AspNetCore.Endpoints;
using Provisio.AspNetCore.Http;
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
        var options = services.AddOptions<ProvisioOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => SchemaRegistry.CreateDefault());
        services.TryAddSingleton<ResourceRenderer>();
        services.TryAddSingleton<ScimServices>();
        services.TryAddSingleton<CursorCodec>();
        services.AddDataProtection();
        services.TryAddSingleton<ScimTokenIssuer>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ScimTokenAuthenticationHandler>(ScimAuthenticationDefaults.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ScimAuthenticationDefaults.Policy, policy => policy
                .AddAuthenticationSchemes(ScimAuthenticationDefaults.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ScimAuthenticationDefaults.TenantClaim));
        return new ProvisioBuilder(services);
    }
}
