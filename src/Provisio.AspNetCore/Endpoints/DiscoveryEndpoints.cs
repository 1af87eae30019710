using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore.Auth;
using Provisio.AspNetCore.Http;
using Provisio.AspNetCore.Telemetry;
using Provisio.AspNetCore.Tenancy;
using Provisio.Scim.Errors;
using Provisio.Scim.Messages;
using Provisio.Scim.Schema;
using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Endpoints;

/// <summary>RFC 7644 §4 discovery: read-only and open without a token, telling the truth about what works.</summary>
internal static class DiscoveryEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/ServiceProviderConfig", async (HttpContext context, IOptions<ProvisioOptions> options, ITenantSettingsStore settings) =>
            new ScimJsonResult(200, Capabilities(options.Value, await TenantSettingsOfAsync(context, settings)).ToJson(context.ScimBaseUrl())))
            .WithMetadata(new ScimOperation("ServiceProviderConfig", "discovery"));

        group.MapGet("/ResourceTypes", (HttpContext context, SchemaRegistry registry) =>
            List(registry.ResourceTypes.Select(t => DiscoveryDocuments.ResourceType(t, context.ScimBaseUrl()))))
            .WithMetadata(new ScimOperation("ResourceTypes", "discovery"));

        group.MapGet("/ResourceTypes/{name}", (string name, HttpContext context, SchemaRegistry registry) =>
            registry.FindResourceType(name) is { } type
                ? new ScimJsonResult(200, DiscoveryDocuments.ResourceType(type, context.ScimBaseUrl()))
                : throw ScimException.NotFound($"No resource type '{name}'."))
            .WithMetadata(new ScimOperation("ResourceTypes", "discovery"));

        group.MapGet("/Schemas", (HttpContext context, SchemaRegistry registry) =>
            List(registry.Schemas.Select(s => DiscoveryDocuments.Schema(s, context.ScimBaseUrl()))))
            .WithMetadata(new ScimOperation("Schemas", "discovery"));

        group.MapGet("/Schemas/{urn}", (string urn, HttpContext context, SchemaRegistry registry) =>
            registry.FindSchema(urn) is { } schema
                ? new ScimJsonResult(200, DiscoveryDocuments.Schema(schema, context.ScimBaseUrl()))
                : throw ScimException.NotFound($"No schema '{urn}'."))
            .WithMetadata(new ScimOperation("Schemas", "discovery"));
    }

    /// <summary>
    /// The settings of the tenant whose valid token came with the request, which may change what is advertised (its
    /// page sizes); null without one, so an anonymous caller learns nothing about a tenant, not even that it exists.
    /// </summary>
    private static async Task<TenantSettings?> TenantSettingsOfAsync(HttpContext context, ITenantSettingsStore settings)
    {
        if (string.IsNullOrEmpty(context.Request.Headers.Authorization))
        {
            return null;
        }
        var authenticated = await context.AuthenticateAsync(ScimAuthenticationDefaults.Scheme);
        return authenticated.Principal?.FindFirst(ScimAuthenticationDefaults.TenantClaim)?.Value is { } tenantId
            ? await settings.GetAsync(tenantId, context.RequestAborted)
            : null;
    }

    /// <summary>Only what works today is advertised; each flag flips when its feature lands.</summary>
    public static ServiceProviderConfig Capabilities(ProvisioOptions options, TenantSettings? tenant = null) => Capabilities(options, TenantPageSizes.For(options, tenant));

    private static ServiceProviderConfig Capabilities(ProvisioOptions options, TenantPageSizes sizes) => new()
    {
        PatchSupported = true,
        BulkSupported = true,
        BulkMaxOperations = options.MaxBulkOperations,
        BulkMaxPayloadSize = options.MaxBulkPayloadBytes,
        FilterSupported = true,
        FilterMaxResults = sizes.Max,
        ChangePasswordSupported = true,
        SortSupported = true,
        ETagSupported = true,
        CursorSupported = true,
        DefaultPageSize = sizes.Default,
        CursorTimeoutSeconds = options.CursorTimeoutSeconds,
        AdvertisePagination = options.AdvertisePagination,
    };

    private static ScimJsonResult List(IEnumerable<JsonObject> items)
    {
        var list = items.ToList();
        return new ScimJsonResult(200, ListResponse.ToJson(list, list.Count, 1));
    }
}
