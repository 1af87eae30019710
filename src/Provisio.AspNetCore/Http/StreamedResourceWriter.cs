using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Projection;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage;

namespace Provisio.AspNetCore.Http;

/// <summary>
/// Writes resources whose membership (a group's <c>members</c>, a user's <c>groups</c>) is read from the database while
/// it is written, flushing every few kilobytes, so a response costs the server the same memory however large the
/// memberships it shows are.
/// </summary>
internal sealed class StreamedResourceWriter(Utf8JsonWriter writer, PipeWriter body, SchemaRegistry registry, AttributeProjection projection, string baseUrl)
{
    private const int FlushThresholdBytes = 32 * 1024;

    private long flushedAt;

    /// <summary>
    /// Writes a rendered, projected resource that has no membership yet, with the entries of
    /// <paramref name="membership"/> (projected one by one) placed before <c>meta</c>, where a buffered response has them.
    /// </summary>
    public Task WriteAsync(JsonObject resource, ResourceTypeDefinition type, IAsyncEnumerable<GroupMember>? membership, CancellationToken cancellationToken) =>
        WriteAsync(
            writer =>
            {
                writer.WriteStartObject();
                foreach (var (name, value) in resource.Where(p => p.Key != "meta"))
                {
                    writer.WritePropertyName(name);
                    if (value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        value.WriteTo(writer);
                    }
                }
            },
            writer =>
            {
                if (resource["meta"] is { } meta)
                {
                    writer.WritePropertyName("meta");
                    meta.WriteTo(writer);
                }
                writer.WriteEndObject();
            },
            type, membership, cancellationToken);

    /// <summary>
    /// Writes a resource whose opening and attributes <paramref name="writeUpToMeta"/> writes and whose <c>meta</c> and
    /// closing <paramref name="writeMetaAndEnd"/> writes, with the entries of <paramref name="membership"/> between them.
    /// </summary>
    public async Task WriteAsync(Action<Utf8JsonWriter> writeUpToMeta, Action<Utf8JsonWriter> writeMetaAndEnd, ResourceTypeDefinition type, IAsyncEnumerable<GroupMember>? membership, CancellationToken cancellationToken)
    {
        writeUpToMeta(writer);
        if (membership is not null)
        {
            await WriteMembershipAsync(type, membership, cancellationToken);
        }
        writeMetaAndEnd(writer);
        await FlushWhenFullAsync(cancellationToken);
    }

    /// <summary>The attribute that shows a resource's membership.</summary>
    public static string MembershipAttribute(ResourceTypeDefinition type) => type.Name == ResourceTypeNames.Group ? "members" : "groups";

    private async Task WriteMembershipAsync(ResourceTypeDefinition type, IAsyncEnumerable<GroupMember> membership, CancellationToken cancellationToken)
    {
        var attribute = MembershipAttribute(type);
        var whole = projection.IncludesWhole(attribute);
        var started = false;
        await foreach (var entry in membership.WithCancellation(cancellationToken))
        {
            var json = whole ? Entry(attribute, entry) : Projected(type, attribute, Entry(attribute, entry));
            if (json is null)
            {
                continue;
            }
            if (!started)
            {
                // An empty membership has no attribute, as in every other response.
                writer.WriteStartArray(attribute);
                started = true;
            }
            json.WriteTo(writer);
            await FlushWhenFullAsync(cancellationToken);
        }
        if (started)
        {
            writer.WriteEndArray();
        }
    }

    /// <summary>One entry as <see cref="ResourceRenderer"/> shows it: value, display, type, $ref.</summary>
    private JsonObject Entry(string attribute, GroupMember entry)
    {
        var json = new JsonObject { ["value"] = entry.Value };
        if (entry.Display is not null)
        {
            json["display"] = entry.Display;
        }
        json["type"] = entry.Type;
        // User.groups always point at a Group; a member points at its own type.
        if (registry.FindResourceType(attribute == "groups" ? ResourceTypeNames.Group : entry.Type) is { } target)
        {
            json["$ref"] = ResourceRenderer.ReferenceTo(target, entry.Value, baseUrl);
        }
        return json;
    }

    /// <summary>An entry with only the sub-attributes asked for (e.g. <c>attributes=members.value</c>); null when none is left.</summary>
    private JsonObject? Projected(ResourceTypeDefinition type, string attribute, JsonObject entry)
    {
        var alone = projection.Apply(new JsonObject { [attribute] = new JsonArray(entry) }, type);
        return alone[attribute] is JsonArray { Count: 1 } kept && kept[0] is JsonObject { Count: > 0 } projected ? projected : null;
    }

    private async ValueTask FlushWhenFullAsync(CancellationToken cancellationToken)
    {
        // Not BytesPending alone: the writer hands each full segment of the pipe over on its own (so it never has
        // 32 KB pending), but nothing reaches the client until the pipe is flushed.
        if (writer.BytesCommitted + writer.BytesPending - flushedAt > FlushThresholdBytes)
        {
            writer.Flush();
            await body.FlushAsync(cancellationToken);
            flushedAt = writer.BytesCommitted;
        }
    }
}
