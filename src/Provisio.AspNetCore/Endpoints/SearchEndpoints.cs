using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Provisio.AspNetCore.Http;
using Provisio.AspNetCore.Paging;
using Provisio.AspNetCore.Telemetry;
using Provisio.AspNetCore.Tenancy;
using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Messages;
using Provisio.Scim.Projection;
using Provisio.Scim.Schema;
using Provisio.Storage;
using Provisio.Storage.Paging;

namespace Provisio.AspNetCore.Endpoints;

/// <summary>
/// Lists and searches (RFC 7644 §3.4.2, §3.4.3): <c>GET /Users</c>, <c>GET /Groups</c>, <c>POST /Users/.search</c>,
/// <c>POST /Groups/.search</c> and the root <c>POST /.search</c> across both, with filter, sort, projection, and index
/// or cursor (RFC 9865) paging.
/// </summary>
internal static class SearchEndpoints
{
    /// <summary>Maps a list and a search at each resource type's endpoint, and the root search across all of them.</summary>
    public static void Map(RouteGroupBuilder group, IEnumerable<ResourceTypeDefinition> types)
    {
        foreach (var type in types)
        {
            ResourceTypeDefinition[] searched = [type];
            var name = type.Endpoint.TrimStart('/');
            group.MapGet(type.Endpoint, (HttpContext context, ScimServices services) =>
                SearchAsync(context, services, searched, FromQuery(context.Request.Query)))
                .WithMetadata(new ScimOperation(name, "list"));
            group.MapPost(type.Endpoint + "/.search", async (HttpContext context, ScimServices services) =>
                await SearchAsync(context, services, searched, SearchRequest.FromBody(await services.ReadBodyAsync(context))))
                .WithMetadata(new ScimOperation(name, "search"));
        }
        group.MapPost("/.search", async (HttpContext context, ScimServices services) =>
            await SearchAsync(context, services, [.. services.Registry.ResourceTypes], SearchRequest.FromBody(await services.ReadBodyAsync(context))))
            .WithMetadata(new ScimOperation("Root", "search"));
    }

    private static SearchRequest FromQuery(IQueryCollection query) => new()
    {
        Filter = query["filter"],
        Attributes = query["attributes"],
        ExcludedAttributes = query["excludedAttributes"],
        SortBy = query["sortBy"],
        SortOrder = query["sortOrder"],
        StartIndex = query["startIndex"],
        Count = query["count"],
        // A bare "cursor" (or "cursor=") asks for the first cursor page (RFC 9865 §2).
        Cursor = query.ContainsKey("cursor") ? query["cursor"].ToString() : null,
    };

    private static async Task<IResult> SearchAsync(HttpContext context, ScimServices services, IReadOnlyList<ResourceTypeDefinition> types, SearchRequest request)
    {
        var projection = AttributeProjection.Parse(request.Attributes, request.ExcludedAttributes);
        var filter = string.IsNullOrWhiteSpace(request.Filter) ? null : FilterParser.Parse(request.Filter);
        var sort = SortRequest.Parse(request.SortBy, request.SortOrder);
        var tenantId = context.TenantId();
        var sizes = TenantPageSizes.For(services.Options, ScimTenantSettings.Find(context) ?? await services.Settings.GetAsync(tenantId, context.RequestAborted));
        var index = PageRequest.From(request.StartIndex, request.Count, sizes.Default, sizes.Max);
        // Cursors are bound to their query; index pages (most requests) have none to bind.
        var queryKey = request.Cursor is null ? "" : CursorCodec.QueryKey(tenantId, types.Select(t => t.Name), request.Filter, request.SortBy, request.SortOrder);
        PageSpec page = new IndexPage(index.StartIndex, index.Count);
        if (request.Cursor is not null)
        {
            if (request.StartIndex is not null)
            {
                throw ScimException.BadRequest(ScimErrorType.InvalidValue, "Use either startIndex (index paging) or cursor (cursor paging), not both.");
            }
            page = request.Cursor.Length == 0
                ? new CursorPage(null, null, index.Count)
                : services.Cursors.Decode(request.Cursor, queryKey, index.Count);
        }

        // Membership is read with the page up to a limit; past it, it is streamed resource by resource.
        var read = ResourceEndpoints.ReadFor(projection, types) with { MembershipLimit = services.Options.ListMembershipBufferLimit };
        var result = await services.Store.ListAsync(tenantId, new ListQuery(types, filter, sort, page, read) { Budget = services.QueryBudget }, context.RequestAborted);

        var baseUrl = context.ScimBaseUrl();
        string? NextCursor() => result.HasNext && result.Last is { } last ? services.Cursors.Encode(last, backward: false, queryKey) : null;
        string? PreviousCursor() => result.HasPrevious && result.First is { } first ? services.Cursors.Encode(first, backward: true, queryKey) : null;
        if (projection.ShowsDefaults && !result.MembershipOmitted && result.Resources.All(services.DefaultView.CanWrite))
        {
            var (startIndex, next, previous) = page is IndexPage ? (index.StartIndex, null, null) : ((int?)null, NextCursor(), PreviousCursor());
            return new ScimJsonResult(StatusCodes.Status200OK, writer => ListResponse.Write(writer, result.Resources.Count, result.TotalResults, startIndex, next, previous, resources =>
            {
                foreach (var resource in result.Resources)
                {
                    services.DefaultView.Write(resources, resource, baseUrl);
                }
            }));
        }
        var items = result.Resources
            .Select(r => projection.Apply(services.Renderer.Render(r, baseUrl), services.Registry.FindResourceType(r.ResourceType)!))
            .ToList();
        JsonObject body = page is IndexPage
            ? ListResponse.ToJson(items, result.TotalResults, index.StartIndex)
            : ListResponse.ToJson(items, result.TotalResults, nextCursor: NextCursor(), previousCursor: PreviousCursor());
        if (result.MembershipOmitted)
        {
            var streamed = result.Resources.Zip(items, (resource, json) =>
            {
                var type = services.Registry.FindResourceType(resource.ResourceType)!;
                var membership = ResourceEndpoints.ShowsMembership(type, projection)
                    ? ResourceEndpoints.MembershipOf(services, tenantId, type, resource.Id, context.RequestAborted)
                    : null;
                return new StreamedResource(json, type, membership);
            }).ToList();
            return new StreamedListResult(body, streamed, services.Registry, projection, baseUrl);
        }
        return new ScimJsonResult(StatusCodes.Status200OK, body);
    }
}
