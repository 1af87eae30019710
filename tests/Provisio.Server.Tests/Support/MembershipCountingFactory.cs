using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Scim.Resources;
using Provisio.Storage;
using Provisio.Storage.Events;

namespace Provisio.Server.Tests.Support;

/// <summary>
/// A server whose store counts the membership entries it streams and can hold the stream after a given entry, so a
/// test sees what a response has sent while its members are still being read; it can also make every GET stream.
/// </summary>
public sealed class MembershipCountingFactory : ProvisioFactory
{
    private readonly TaskCompletionSource resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long streamed;

    /// <summary>Membership entries (group members, user groups) streamed from the store so far.</summary>
    public long Streamed => Interlocked.Read(ref streamed);

    /// <summary>The entry after which the stream waits for <see cref="Resume"/>; none by default.</summary>
    public long PauseAfter { get; init; } = long.MaxValue;

    public void Resume() => resumed.TrySetResult();

    /// <summary>
    /// When true, a read by id brings no membership with it, so every GET streams it: what a GET showed before the store
    /// read a user's groups with its row, to hold the other ways of reading them to.
    /// </summary>
    public bool StreamsAllMembership { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var registered = services.Single(d => d.ServiceType == typeof(IResourceStore));
            services.Remove(registered);
            services.AddSingleton<IResourceStore>(provider =>
                new CountingStore((IResourceStore)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!), this));
        });
    }

    private sealed class CountingStore(IResourceStore inner, MembershipCountingFactory owner) : IResourceStore
    {
        public Task<WrittenResource> CreateAsync(string tenantId, ResourceChange resource, ReadOptions read, WriteContext context, CancellationToken cancellationToken) =>
            inner.CreateAsync(tenantId, resource, read, context, cancellationToken);

        public async Task<FoundResource?> GetAsync(string tenantId, string resourceType, string id, ReadOptions options, CancellationToken cancellationToken)
        {
            if (!owner.StreamsAllMembership || !options.IncludeMembership)
            {
                return await inner.GetAsync(tenantId, resourceType, id, options, cancellationToken);
            }
            return await inner.GetAsync(tenantId, resourceType, id, ReadOptions.DocumentOnly, cancellationToken) is { } found
                ? found with { MembershipOmitted = true }
                : null;
        }

        public Task<WrittenResource> UpdateAsync(string tenantId, string resourceType, string id, Func<ScimResource, ResourceChange> change, ReadOptions read, string? ifMatch, WriteContext context, CancellationToken cancellationToken) =>
            inner.UpdateAsync(tenantId, resourceType, id, change, read, ifMatch, context, cancellationToken);

        public Task<bool> DeleteAsync(string tenantId, string resourceType, string id, string? ifMatch, WriteContext context, CancellationToken cancellationToken) =>
            inner.DeleteAsync(tenantId, resourceType, id, ifMatch, context, cancellationToken);

        public Task<int> PurgeDeletedAsync(string tenantId, DateTimeOffset deletedBefore, int limit, CancellationToken cancellationToken) =>
            inner.PurgeDeletedAsync(tenantId, deletedBefore, limit, cancellationToken);

        public IAsyncEnumerable<GroupMember> ReadMembersAsync(string tenantId, string groupId, CancellationToken cancellationToken) =>
            Counted(inner.ReadMembersAsync(tenantId, groupId, cancellationToken));

        public IAsyncEnumerable<GroupMember> ReadGroupsOfAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
            Counted(inner.ReadGroupsOfAsync(tenantId, userId, cancellationToken));

        public Task<ResourcePage> ListAsync(string tenantId, ListQuery query, CancellationToken cancellationToken) =>
            inner.ListAsync(tenantId, query, cancellationToken);

        private async IAsyncEnumerable<GroupMember> Counted(IAsyncEnumerable<GroupMember> entries)
        {
            await foreach (var entry in entries)
            {
                if (Interlocked.Increment(ref owner.streamed) == owner.PauseAfter)
                {
                    await owner.resumed.Task;
                }
                yield return entry;
            }
        }
    }
}
