using Provisio.AspNetCore.Events;
using SaasApp.Provisioning;

namespace SaasApp.Embedded;

/// <summary>
/// Receives Provisio's events in-process, after each SCIM write has committed, and hands them to
/// <see cref="DirectorySync"/>. Throwing has Provisio deliver the event again later, with backoff.
/// </summary>
public sealed class DirectorySyncHandler(DirectorySync sync) : IProvisioEventHandler
{
    public Task HandleAsync(ProvisioEvent provisioEvent, CancellationToken cancellationToken) =>
        sync.ApplyAsync(
            new DirectoryEvent(provisioEvent.Id, provisioEvent.Type, provisioEvent.ResourceType, provisioEvent.ResourceId, provisioEvent.Data),
            cancellationToken);
}
