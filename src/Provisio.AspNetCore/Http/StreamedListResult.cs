using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Provisio.Scim.Projection;
using Provisio.Scim.Schema;
using Provisio.Storage;

namespace Provisio.AspNetCore.Http;

/// <summary>
/// A ListResponse whose resources' membership is streamed one resource at a time (the store found more than it reads
/// into memory for one page), so twenty groups of 50,000 members cost the server no more than one.
/// </summary>
internal sealed class StreamedListResult(JsonObject listResponse, IReadOnlyList<StreamedResource> resources, SchemaRegistry registry, AttributeProjection projection, string baseUrl) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        ScimResponseHeaders.Apply(response);
        response.ContentType = ScimMediaTypes.Response;
        await using var writer = new Utf8JsonWriter(response.BodyWriter, ScimJsonResult.WriterOptions);
        var resourceWriter = new StreamedResourceWriter(writer, response.BodyWriter, registry, projection, baseUrl);
        writer.WriteStartObject();
        foreach (var (name, value) in listResponse)
        {
            writer.WritePropertyName(name);
            if (name != "Resources")
            {
                value!.WriteTo(writer);
                continue;
            }
            writer.WriteStartArray();
            foreach (var resource in resources)
            {
                await resourceWriter.WriteAsync(resource.Json, resource.Type, resource.Membership, cancellationToken);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }
}

/// <summary>A listed resource, rendered and projected, and where its membership comes from when the response shows it.</summary>
internal sealed record StreamedResource(JsonObject Json, ResourceTypeDefinition Type, IAsyncEnumerable<GroupMember>? Membership);
