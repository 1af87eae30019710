using Provisio.Scim.Resources;
using Provisio.Storage.Events;

namespace Provisio.Storage;

/// <summary>
/// Where SCIM resources live. Every write is one transaction: the document, its indexed keys and its membership rows
/// commit together or not at all.
/// </summary>
public interface IResourceStore
{
    /// <summary>
    /// Stores a new resource, with its events and audit row; a duplicate unique key is a 409 <c>uniqueness</c>
    /// <see cref="Provisio.Scim.Errors.ScimException"/>. Returns it as committed, with its membership when
    /// <paramref name="read"/> asks for it, read in the same transaction.
    /// </summary>
    Task<WrittenResource> CreateAsync(string tenantId, ResourceChange resource, ReadOptions read, WriteContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Reads one resource, or null when the tenant has none with that id. With <paramref name="options"/> asking for
    /// membership, it comes with it when the same statement can read it whole and that saves a round trip (on PostgreSQL:
    /// a user's groups up to 100 direct ones, none of them nested; a group's members up to 100); otherwise
    /// <see cref="FoundResource.MembershipOmitted"/> is set, for the caller to stream it.
    /// </summary>
    Task<FoundResource?> GetAsync(string tenantId, string resourceType, string id, ReadOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Changes a resource inside one transaction: <paramref name="change"/> gets the current resource (without members)
    /// and returns its new state; the events it causes and its audit row commit with it. A change that alters nothing
    /// keeps the version and emits no event (its audit row is still written). Missing id → 404; an
    /// <paramref name="ifMatch"/> that names another version → 412. Returns the resource as committed, with its
    /// membership when <paramref name="read"/> asks for it, read in the same transaction; when the change carried member
    /// operations (a PATCH) and the group then holds more than <see cref="ReadOptions.MembershipLimit"/> members, without
    /// them and <see cref="WrittenResource.MembershipOmitted"/>.
    /// </summary>
    Task<WrittenResource> UpdateAsync(string tenantId, string resourceType, string id, Func<ScimResource, ResourceChange> change, ReadOptions read, string? ifMatch, WriteContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a resource, as the tenant's <see cref="Tenancy.TenantSettings.DeleteMode"/> says for a user (a group is
    /// always deleted at once), and takes it out of its groups; false when there was none. An <paramref name="ifMatch"/>
    /// that names another version → 412.
    /// </summary>
    Task<bool> DeleteAsync(string tenantId, string resourceType, string id, string? ifMatch, WriteContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Purges up to <paramref name="limit"/> soft-deleted users of a tenant deleted before <paramref name="deletedBefore"/>
    /// (<c>user.purged</c> each); returns how many. Safe to run from several instances at once: each user is purged once.
    /// </summary>
    Task<int> PurgeDeletedAsync(string tenantId, DateTimeOffset deletedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>A group's members in id order, read as they are consumed (for streaming a large group).</summary>
    IAsyncEnumerable<GroupMember> ReadMembersAsync(string tenantId, string groupId, CancellationToken cancellationToken);

    /// <summary>
    /// A user's groups in id order, <c>direct</c> or <c>indirect</c> (through nested groups), read as they are consumed.
    /// </summary>
    IAsyncEnumerable<GroupMember> ReadGroupsOfAsync(string tenantId, string userId, CancellationToken cancellationToken);

    /// <summary>One page of the resources that match a query, in a stable order, with the total count.</summary>
    Task<ResourcePage> ListAsync(string tenantId, ListQuery query, CancellationToken cancellationToken);
}
