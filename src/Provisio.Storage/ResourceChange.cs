using System.Text.Json.Nodes;
using Provisio.Scim.Patching;

namespace Provisio.Storage;

/// <summary>
/// The new state of a resource as the protocol layer computed it. For a Group, either <c>members</c> inside
/// <see cref="Attributes"/> is the complete member set (create, replace), or <see cref="Membership"/> lists the changes
/// (PATCH); the store keeps members as rows, not in the document. <see cref="PasswordHash"/> is set when the request
/// set a password (already hashed: the clear text never reaches storage).
/// </summary>
public sealed record ResourceChange(string ResourceType, JsonObject Attributes, IReadOnlyList<MembershipOperation>? Membership = null)
{
    public string? PasswordHash { get; init; }
}
