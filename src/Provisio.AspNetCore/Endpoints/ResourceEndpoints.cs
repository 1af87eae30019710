using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Provisio.AspNetCore.Http;
using Provisio.AspNetCore.Telemetry;
using Provisio.Scim.Projection;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage;

namespace Provisio.AspNetCore.Endpoints;

/// <summary>
/// <c>/Users</c> and <c>/Groups</c> (RFC 7644 §3.3–3.6). Both resource types are driven by their schema, so one set of
/// handlers serves both: parse the request, call the protocol core and the store, render the result.
/// </summary>
internal static class ResourceEndpoints
{
    /// <summary>Maps the type's endpoint (<c>/Users</c>, <c>/Groups</c>) as its schema declares it.</summary>
    public static void Map(RouteGroupBuilder group, ResourceTypeDefinition type)
    {
        var name = type.Endpoint.TrimStart('/');
        var resources = group.MapGroup(type.Endpoint);
        resources.MapPost("/", (HttpContext context, ScimServices services) => CreateAsync(context, services, type))
            .WithMetadata(new ScimOperation(name, "create"));
        resources.MapGet("/{id}", (string id, HttpContext context, ScimServices services) => GetAsync(context, services, type, id))
            .WithMetadata(new ScimOperation(name, "read"));
        resources.MapPut("/{id}", (string id, HttpContext context, ScimServices services) => ReplaceAsync(context, services, type, id))
            .WithMetadata(new ScimOperation(name, "replace"));
        resources.MapPatch("/{id}", (string id, HttpContext context, ScimServices services) => PatchAsync(context, services, type, id))
            .WithMetadata(new ScimOperation(name, "patch"));
        resources.MapDelete("/{id}", (string id, HttpContext context, ScimServices services) => DeleteAsync(context, services, type, id))
            .WithMetadata(new ScimOperation(name, "delete"));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ScimServices services, ResourceTypeDefinition type)
    {
        // Parsed before the write, so that a bad attributes parameter changes nothing.
        var projection = Projection(context);
        var created = await services.Commands.CreateAsync(context.TenantId(), type, await services.ReadBodyAsync(context), ReadFor(projection, [type]), await services.WriteContextAsync(context), context.RequestAborted);
        return RespondWith(context, services, type, created.Resource, StatusCodes.Status201Created, projection);
    }

    private static async Task<IResult> GetAsync(HttpContext context, ScimServices services, ResourceTypeDefinition type, string id)
    {
        var projection = Projection(context);
        var showsMembership = ShowsMembership(type, projection);
        var found = await services.Store.GetAsync(context.TenantId(), type.Name, id, showsMembership ? ReadOptions.Full : ReadOptions.DocumentOnly, context.RequestAborted)
            ?? throw ResourceCommands.NotFound(type, id);
        var resource = found.Resource;
        if (context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } ifNoneMatch && EntityTag.Matches(ifNoneMatch, resource.Meta.ETag))
        {
            // RFC 7644 §3.14: the client's copy is current.
            context.Response.Headers.ETag = resource.Meta.ETag;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        // Membership the store did not read with the document (a group's members, a user in many or nested groups) is
        // streamed after it, so its size costs no memory; what came with it is rendered as a write's answer is.
        var streamMembership = found.MembershipOmitted;
        if (streamMembership && projection.ShowsDefaults && services.DefaultView.CanWrite(resource))
        {
            return new StreamedResourceResult(resource, services.DefaultView, type, MembershipOf(services, context.TenantId(), type, id, context.RequestAborted),
                services.Registry, context.ScimBaseUrl());
        }
        if (streamMembership)
        {
            var json = projection.Apply(services.Renderer.Render(resource, context.ScimBaseUrl()), type);
            return new StreamedResourceResult(json, type, MembershipOf(services, context.TenantId(), type, id, context.RequestAborted),
                services.Registry, projection, context.ScimBaseUrl(), resource.Meta.ETag);
        }
        return Render(context, services, type, resource, projection, StatusCodes.Status200OK);
    }

    private static async Task<IResult> ReplaceAsync(HttpContext context, ScimServices services, ResourceTypeDefinition type, string id)
    {
        var projection = Projection(context);
        var updated = await services.Commands.ReplaceAsync(context.TenantId(), type, id, await services.ReadBodyAsync(context), ReadFor(projection, [type]), IfMatch(context), await services.WriteContextAsync(context), context.RequestAborted);
        return RespondWith(context, services, type, updated.Resource, StatusCodes.Status200OK, projection);
    }

    private static async Task<IResult> PatchAsync(HttpContext context, ScimServices services, ResourceTypeDefinition type, string id)
    {
        var projection = Projection(context);
        var read = ReadFor(projection, [type]) with { MembershipLimit = services.Options.GroupPatchFullResponseLimit };
        var updated = await services.Commands.PatchAsync(context.TenantId(), type, id, await services.ReadBodyAsync(context), read, IfMatch(context), await services.WriteContextAsync(context), context.RequestAborted);
        if (updated.MembershipOmitted)
        {
            // A large group is not sent back whole after a membership change (RFC 7644 §3.5.2 allows 204).
            context.Response.Headers.ETag = updated.Resource.Meta.ETag;
            return Results.NoContent();
        }
        return RespondWith(context, services, type, updated.Resource, StatusCodes.Status200OK, projection);
    }

    /// <summary>Whether a response shows membership: a group's members or a user's groups (other types have none).</summary>
    internal static bool ShowsMembership(ResourceTypeDefinition type, AttributeProjection projection) =>
        type.Name is ResourceTypeNames.Group or ResourceTypeNames.User && projection.Includes(StreamedResourceWriter.MembershipAttribute(type));

    /// <summary>A group's members or a user's groups, read from the store as they are written.</summary>
    internal static IAsyncEnumerable<GroupMember> MembershipOf(ScimServices services, string tenantId, ResourceTypeDefinition type, string id, CancellationToken cancellationToken) =>
        type.Name == ResourceTypeNames.Group
            ? services.Store.ReadMembersAsync(tenantId, id, cancellationToken)
            : services.Store.ReadGroupsOfAsync(tenantId, id, cancellationToken);

    private static string? IfMatch(HttpContext context) =>
        context.Request.Headers.IfMatch.ToString() is { Length: > 0 } header ? header : null;

    private static async Task<IResult> DeleteAsync(HttpContext context, ScimServices services, ResourceTypeDefinition type, string id)
    {
        await services.Commands.DeleteAsync(context.TenantId(), type, id, IfMatch(context), await services.WriteContextAsync(context), context.RequestAborted);
        return Results.NoContent();
    }

    /// <summary>
    /// Answers a write with the resource as a GET would show it: its membership, when shown, was read back by the write
    /// in its own transaction (<see cref="ReadFor"/>).
    /// </summary>
    private static ScimJsonResult RespondWith(HttpContext context, ScimServices services, ResourceTypeDefinition type, ScimResource resource, int status, AttributeProjection projection)
    {
        var result = Render(context, services, type, resource, projection, status);
        if (status == StatusCodes.Status201Created)
        {
            context.Response.Headers.Location = services.Renderer.LocationOf(resource, context.ScimBaseUrl());
        }
        return result;
    }

    private static ScimJsonResult Render(HttpContext context, ScimServices services, ResourceTypeDefinition type, ScimResource resource, AttributeProjection projection, int status)
    {
        if (projection.ShowsDefaults && services.DefaultView.CanWrite(resource))
        {
            var baseUrl = context.ScimBaseUrl();
            return new ScimJsonResult(status, writer => services.DefaultView.Write(writer, resource, baseUrl), etag: resource.Meta.ETag);
        }
        var json = projection.Apply(services.Renderer.Render(resource, context.ScimBaseUrl()), type);
        return new ScimJsonResult(status, json, etag: resource.Meta.ETag);
    }

    private static AttributeProjection Projection(HttpContext context) =>
        AttributeProjection.Parse(context.Request.Query["attributes"], context.Request.Query["excludedAttributes"]);

    /// <summary>
    /// Membership lives in its own table: read it only when the response will show it (Group.members or User.groups,
    /// whichever the listed types have).
    /// </summary>
    internal static ReadOptions ReadFor(AttributeProjection projection, IEnumerable<ResourceTypeDefinition> types) =>
        types.Any(t => projection.Includes(StreamedResourceWriter.MembershipAttribute(t))) ? ReadOptions.Full : ReadOptions.DocumentOnly;
}
