using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Provisio.Scim.Projection;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage;

namespace Provisio.AspNetCore.Http;

/// <summary>
/// One resource with its membership written as it is read from the database, so a GET of a 100,000-member group
/// costs the server the same memory as a GET of a small one.
/// </summary>
internal sealed class StreamedResourceResult(Func<StreamedResourceWriter, CancellationToken, Task> write, SchemaRegistry registry, AttributeProjection projection, string baseUrl, string etag) : IResult, IStatusCodeHttpResult
{
    /// <summary>A rendered, projected resource.</summary>
    public StreamedResourceResult(JsonObject resource, ResourceTypeDefinition type, IAsyncEnumerable<GroupMember> membership, SchemaRegistry registry, AttributeProjection projection, string baseUrl, string etag)
        : this((writer, cancellationToken) => writer.WriteAsync(resource, type, membership, cancellationToken), registry, projection, baseUrl, etag)
    {
    }

    /// <summary>A stored resource shown with no projection, written by <paramref name="view"/> straight to the response.</summary>
    public StreamedResourceResult(ScimResource resource, DefaultViewWriter view, ResourceTypeDefinition type, IAsyncEnumerable<GroupMember> membership, SchemaRegistry registry, string baseUrl)
        : this((writer, cancellationToken) => writer.WriteAsync(
                json => view.WriteUpToMeta(json, resource, baseUrl), json => view.WriteMetaAndEnd(json, resource, baseUrl), type, membership, cancellationToken),
            registry, AttributeProjection.All, baseUrl, resource.Meta.ETag)
    {
    }

    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        ScimResponseHeaders.Apply(response);
        response.Headers.ETag = etag;
        response.ContentType = ScimMediaTypes.Response;
        await using var writer = new Utf8JsonWriter(response.BodyWriter, ScimJsonResult.WriterOptions);
        await write(new StreamedResourceWriter(writer, response.BodyWriter, registry, projection, baseUrl), httpContext.RequestAborted);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
