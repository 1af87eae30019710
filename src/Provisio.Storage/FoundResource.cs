using Provisio.Scim.Resources;

namespace Provisio.Storage;

/// <summary>
/// A resource read by id. When the read asked for membership, <see cref="Resource"/> holds it if the store read it with
/// the document; otherwise <see cref="MembershipOmitted"/> is set and the caller streams it
/// (<see cref="IResourceStore.ReadGroupsOfAsync"/>, <see cref="IResourceStore.ReadMembersAsync"/>), so a resource with a
/// very large membership costs a read no more memory than any other.
/// </summary>
public sealed record FoundResource(ScimResource Resource, bool MembershipOmitted = false);
