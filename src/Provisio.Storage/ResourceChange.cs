using System.Text.Json.Nodes;

namespace Provisio.Storage;

/// <summary>
/// The new state of a resource as the protocol layer computed it. For a Group, <c>members</c> inside
/// <see cref="Attributes"/> is the complete member set; the store keeps it as rows, not in the document.
/// </summary>
public sealed record ResourceChange(string ResourceType, JsonObject Attributes);
