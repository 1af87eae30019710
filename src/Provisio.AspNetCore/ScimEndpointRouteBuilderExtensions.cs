using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Provisio.AspNetCore.Auth;
using Provisio.AspNetCore.Endpoints;
using Provisio.AspNetCore.Http;
using Provisio.AspNetCore.RateLimiting;
using Provisio.AspNetCore.Tenancy;
using Provisio.Scim.Schema;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the SCIM 2.0 endpoints.</summary>
public static class ScimEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps SCIM at <paramref name="prefix"/> twice: <c>{prefix}/{tenant}/…</c> and <c>{prefix}/…</c> (tenant taken
    /// from the token). Returns the route group so the host can add its own conventions (CORS…). The endpoints carry
    /// Provisio's rate-limit policies: call <c>app.UseRateLimiter()</c> after <c>app.UseAuthorization()</c>.
    /// </summary>
    public static RouteGroupBuilder MapScim(this IEndpointRouteBuilder endpoints, string prefix = "/scim/v2")
    {
        var root = endpoints.MapGroup(prefix)
            .WithMetadata(new ScimRootMetadata(prefix))
            .AddEndpointFilter<TenantRequestCountFilter>()
            .AddEndpointFilter<ScimResponseHeadersFilter>()
            .AddEndpointFilter<ScimAuditFilter>()
            .AddEndpointFilter<ScimErrorFilter>()
            .AddEndpointFilter<TenantPauseFilter>();
        var registry = endpoints.ServiceProvider.GetRequiredService<SchemaRegistry>();
        MapTenantRoot(root, registry);
        MapTenantRoot(root.MapGroup("/{tenant}"), registry);
        return root;
    }

    private static void MapTenantRoot(RouteGroupBuilder group, SchemaRegistry registry)
    {
        DiscoveryEndpoints.Map(group.MapGroup("").AllowAnonymous().RequireRateLimiting(ProvisioRateLimitPolicies.Discovery));
        var secured = group.MapGroup("")
            .RequireAuthorization(ScimAuthenticationDefaults.Policy)
            .RequireRateLimiting(ProvisioRateLimitPolicies.Scim);
        // Routes follow the registry's resource types, so a type's endpoint is declared once, in its schema.
        foreach (var type in registry.ResourceTypes)
        {
            ResourceEndpoints.Map(secured, type);
        }
        SearchEndpoints.Map(secured, registry.ResourceTypes);
        BulkEndpoints.Map(secured);
        MeEndpoints.Map(secured);
    }

    /// <summary>
    /// Gives every error response without a body (unknown route 404, wrong method 405, unhandled exception 500, a
    /// database that is away 503) the RFC 7644 error shape instead of an empty or HTML page.
    /// </summary>
    public static IApplicationBuilder UseScimErrorResponses(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
                StorageUnavailable.Matches(context, context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error)
                    ? StorageUnavailable.WriteAsync(context)
                    : ScimErrorWriter.WriteAsync(context, StatusCodes.Status500InternalServerError, null, "The server could not complete the request."),
        });
        app.UseStatusCodePages(context =>
        {
            var response = context.HttpContext.Response;
            var detail = response.StatusCode switch
            {
                404 => "No such endpoint.",
                405 => "This endpoint does not allow that method.",
                _ => "The request failed.",
            };
            return ScimErrorWriter.WriteAsync(context.HttpContext, response.StatusCode, null, detail);
        });
        return app;
    }
}
