using Provisio.Scim.Filtering;

namespace Provisio.Scim.Patching;

/// <summary>
/// A change to a group's member set that a PATCH asked for. Stores apply these as row inserts and deletes, in order,
/// without loading or rewriting the member list.
/// </summary>
public abstract record MembershipOperation;

/// <summary>Adds members (present ones stay as they are).</summary>
public sealed record AddMembers(IReadOnlyList<string> Ids) : MembershipOperation;

/// <summary>Removes members (absent ones are ignored).</summary>
public sealed record RemoveMembers(IReadOnlyList<string> Ids) : MembershipOperation;

/// <summary>
/// Removes the members that match <c>members[…]</c>: <see cref="Filter"/> is the bound inner filter, and
/// <see cref="Matches"/> evaluates it on one member (<c>value</c>, <c>type</c>, <c>display</c>).
/// </summary>
public sealed record RemoveMembersWhere(FilterNode Filter, Func<System.Text.Json.Nodes.JsonObject, bool> Matches) : MembershipOperation;

/// <summary>Makes the member set exactly these (empty: no members).</summary>
public sealed record ReplaceMembers(IReadOnlyList<string> Ids) : MembershipOperation;
