using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace Provisio.Server.Admin;

/// <summary>
/// The admin API under <c>/api</c>: authenticated by admin keys (never by SCIM tokens), errors as problem details,
/// described by the OpenAPI document at <c>/api/openapi/v1.json</c>.
/// </summary>
internal static class AdminApi
{
    public const string Prefix = "/api";
    public const string OpenApiDocument = "v1";
    private const string AdminKeySecurityScheme = "adminKey";

    /// <summary>Whether a request is the admin API's: its errors are problem details, not SCIM errors.</summary>
    public static bool Handles(HttpContext context) => context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddProvisioAdminApi(this IServiceCollection services)
    {
        services.AddSingleton<AdminKeyIssuer>();
        services.AddSingleton<IAuthorizationHandler, AdminKeyScope>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(AdminAuthenticationDefaults.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminAuthenticationDefaults.Policy, policy => policy
                .AddAuthenticationSchemes(AdminAuthenticationDefaults.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(AdminAuthenticationDefaults.KeyClaim)
                .AddRequirements(new AdminKeyScope.Requirement()));
        services.AddOpenApi(OpenApiDocument, options =>
        {
            // The SCIM endpoints are described by SCIM's own discovery (/Schemas, /ResourceTypes), not here.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Provisio admin API";
                document.Info.Description = "Tenants and their SCIM tokens, settings, dry run and sync status; events feed, audit log, signed webhooks and access configuration of Provisio tenants. Authenticate with an admin key: Authorization: Bearer pak_…";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [AdminKeySecurityScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        Description = "An admin key (pak_…), created with: provisio admin-keys create --name NAME [--tenant TENANT]",
                    },
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AdminKeySecurityScheme, document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static RouteGroupBuilder MapProvisioAdminApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(Prefix + "/openapi/{documentName}.json").AllowAnonymous();
        var api = endpoints.MapGroup(Prefix)
            .RequireAuthorization(AdminAuthenticationDefaults.Policy)
            // Outside the error filter, so a refused change is audited with the status its client got.
            .AddEndpointFilter<AdminAuditFilter>()
            .AddEndpointFilter<AdminErrorFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        TenantEndpoints.MapCollection(api.MapGroup("/tenants").WithTags("Tenants"));
        var tenant = api.MapGroup("/tenants/{tenant}").AddEndpointFilter<KnownTenantFilter>();
        TenantEndpoints.Map(tenant);
        ScimTokenEndpoints.Map(tenant);
        EventEndpoints.Map(tenant);
        AuditEndpoints.Map(tenant);
        UserAccessEndpoints.Map(tenant);
        WebhookEndpoints.Map(tenant);
        TenantSettingsEndpoints.Map(tenant);
        DryRunEndpoints.Map(tenant);
        TenantStatusEndpoints.Map(tenant);
        var access = tenant.MapGroup("/access").WithTags("Access");
        AccessMappingEndpoints.Map(access);
        AccessRoleEndpoints.Map(access);
        AccessSettingsEndpoints.Map(access);
        return api;
    }
}
