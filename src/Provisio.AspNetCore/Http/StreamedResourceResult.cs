using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Provisio.Scim.Projection;
using Provisio.Scim.Schema;
using Provisio.Storage.Membership;

namespace Provisio.AspNetCore.Http;

/// <summary>
/// One resource with its membership written as it is read from the database, so a GET of a 100,000-member group
/// costs the server the same memory as a GET of a small one.
/// </summary>
internal sealed class StreamedResourceResult(JsonObject resource, ResourceTypeDefinition type, IAsyncEnumerable<GroupMember> membership, SchemaRegistry registry, AttributeProjection projection, string baseUrl, string etag) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        ScimResponseHeaders.Apply(response);
        response.Headers.ETag = etag;
        response.ContentType = ScimMediaTypes.Response;
        await using var writer = new Utf8JsonWriter(response.BodyWriter, ScimJsonResult.WriterOptions);
        await new StreamedResourceWriter(writer, response.BodyWriter, registry, projection, baseUrl)
            .WriteAsync(resource, type, membership, httpContext.RequestAborted);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
