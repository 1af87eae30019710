using Provisio.AspNetCore.Events;
using Provisio.Storage.Events;

namespace Provisio.Server.Tests.Events;

/// <summary>A handler as an embedding app writes one: resolved from DI per delivery, with its own dependencies.</summary>
internal sealed class RecordingHandler(EventRecorder recorder, HandlerInstance instance, IEventStore outbox) : IProvisioEventHandler
{
    public async Task HandleAsync(ProvisioEvent provisioEvent, CancellationToken cancellationToken)
    {
        await recorder.StartAsync(provisioEvent);
        var stored = await outbox.ReadAsync(provisioEvent.TenantId, provisioEvent.Sequence - 1, 1, null, cancellationToken);
        var committed = stored.Events is [var first] && first.Id == provisioEvent.Id;
        recorder.Record(provisioEvent, instance.Name, committed);
    }
}

/// <summary>Which server a handler ran in, when two share a database.</summary>
internal sealed record HandlerInstance(string Name);
