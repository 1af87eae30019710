using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage.Membership;

namespace Provisio.AspNetCore.Http;

/// <summary>
/// A group with its members written as they are read from the database, flushed every few kilobytes, so a GET of a
/// 100,000-member group costs the server the same memory as a GET of a small one.
/// </summary>
internal sealed class StreamedGroupResult(JsonObject group, IAsyncEnumerable<GroupMember> members, SchemaRegistry registry, string baseUrl, string etag) : IResult
{
    private const int FlushThresholdBytes = 32 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.ETag = etag;
        response.ContentType = ScimMediaTypes.Response;
        await using var writer = new Utf8JsonWriter(response.BodyWriter, ScimJsonResult.WriterOptions);
        writer.WriteStartObject();
        foreach (var (name, value) in group.Where(p => p.Key != "meta"))
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }
        await using (var enumerator = members.GetAsyncEnumerator(cancellationToken))
        {
            // An empty group has no members attribute, as in every other response.
            if (await enumerator.MoveNextAsync())
            {
                writer.WriteStartArray("members");
                do
                {
                    WriteMember(writer, enumerator.Current);
                    if (writer.BytesPending > FlushThresholdBytes)
                    {
                        writer.Flush();
                        await response.BodyWriter.FlushAsync(cancellationToken);
                    }
                }
                while (await enumerator.MoveNextAsync());
                writer.WriteEndArray();
            }
        }
        if (group["meta"] is { } meta)
        {
            writer.WritePropertyName("meta");
            meta.WriteTo(writer);
        }
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    private void WriteMember(Utf8JsonWriter writer, GroupMember member)
    {
        writer.WriteStartObject();
        writer.WriteString("value", member.Value);
        if (member.Display is not null)
        {
            writer.WriteString("display", member.Display);
        }
        writer.WriteString("type", member.Type);
        if (registry.FindResourceType(member.Type) is { } target)
        {
            writer.WriteString("$ref", ResourceRenderer.ReferenceTo(target, member.Value, baseUrl));
        }
        writer.WriteEndObject();
    }
}
