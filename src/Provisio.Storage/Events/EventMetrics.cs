using System.Diagnostics.Metrics;

namespace Provisio.Storage.Events;

/// <summary>
/// <c>provisio.events.written</c> on the process's <c>Provisio</c> meter (the request and delivery instruments are
/// Provisio.AspNetCore's, the SQLite write gate's Provisio.Storage.Sqlite's): counted here because this is where events
/// commit, whoever wrote them (a SCIM write, a background job).
/// </summary>
internal static class EventMetrics
{
    private static readonly Meter Meter = new("Provisio");

    private static readonly Counter<long> Written = Meter.CreateCounter<long>("provisio.events.written", "{event}",
        "Change events committed to the outbox by this instance.");

    public static void Committed(string tenantId, int count) => Written.Add(count, new KeyValuePair<string, object?>("tenant", tenantId));
}
