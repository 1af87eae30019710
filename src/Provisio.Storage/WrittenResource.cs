using Provisio.Scim.Resources;

namespace Provisio.Storage;

/// <summary>
/// What a write committed, read back in its own transaction as its response needs it: with membership when the
/// <see cref="ReadOptions"/> asked for it, so the response shows what was committed and no other connection is opened.
/// </summary>
/// <param name="Resource">The resource as committed (with <c>members</c> or <c>groups</c> when asked for).</param>
/// <param name="MembershipOmitted">
/// True when the write changed a group's members and the group then held more than
/// <see cref="ReadOptions.MembershipLimit"/>: <see cref="Resource"/> has no <c>members</c>, for a 204 (RFC 7644 §3.5.2).
/// </param>
public sealed record WrittenResource(ScimResource Resource, bool MembershipOmitted = false);
