using System.Text.Json.Nodes;

namespace Provisio.Scim.Resources;

/// <summary>
/// A stored SCIM resource: its server-assigned id, its type, its attributes as a JSON document (without
/// <c>schemas</c>, <c>id</c> and <c>meta</c>, which the server owns) and its metadata.
/// </summary>
public sealed record ScimResource(string Id, string ResourceType, JsonObject Attributes, ResourceMeta Meta);

/// <summary>RFC 7643 §3.1 <c>meta</c>: when the resource was created and changed, and its version.</summary>
public sealed record ResourceMeta(DateTimeOffset Created, DateTimeOffset LastModified, long Version)
{
    /// <summary>The weak entity tag for this version (RFC 7644 §3.14), also <c>meta.version</c>.</summary>
    public string ETag => $"W/\"{Version}\"";
}
