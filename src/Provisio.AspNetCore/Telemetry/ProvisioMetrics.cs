using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Provisio.AspNetCore.Telemetry;

/// <summary>
/// Provisio's own instruments, on the meter <see cref="MeterName"/>: plain <c>System.Diagnostics.Metrics</c>, so an
/// embedding app collects them with whatever it already uses (OpenTelemetry's <c>AddMeter("Provisio")</c>,
/// <c>dotnet-counters</c>) and the library depends on no telemetry SDK. The meter is one per process, as the runtime's
/// own are: every host in a process counts into the same instruments, told apart by their <c>tenant</c> label, and no
/// instrument ends while another host still counts (a listener drops an instrument's stream when it ends).
/// <c>provisio.events.written</c> is counted where events commit, in Provisio.Storage, and <c>provisio.sqlite.write.*</c>
/// at the SQLite write gate, in Provisio.Storage.Sqlite, each on a meter of the same name.
/// </summary>
public static class ProvisioMetrics
{
    /// <summary>The meter's name, to pass to <c>AddMeter</c>.</summary>
    public const string MeterName = "Provisio";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("provisio.scim.requests", "{request}",
        "SCIM requests answered, by tenant, resource, operation and HTTP status.");

    private static readonly Counter<long> RateLimitedRequests = Meter.CreateCounter<long>("provisio.scim.rate_limited", "{request}",
        "SCIM requests refused with 429 because their tenant's bucket was empty.");

    private static readonly Counter<long> DeliveredEvents = Meter.CreateCounter<long>("provisio.events.delivered", "{event}",
        "Change events delivered to a consumer (an in-process handler family or a webhook endpoint).");

    private static readonly Counter<long> DeadEvents = Meter.CreateCounter<long>("provisio.events.dead", "{event}",
        "Change events given up after their last attempt and kept as dead letters.");

    /// <summary>
    /// One SCIM request answered. <paramref name="tenantId"/> is null when no valid token named one: a tenant in the
    /// URL alone is whatever the client typed, and would let anyone grow the number of series.
    /// </summary>
    internal static void RequestAnswered(string? tenantId, ScimOperation operation, int status)
    {
        var tags = new TagList
        {
            { "resource", operation.Resource },
            { "operation", operation.Name },
            { "status", status },
        };
        if (tenantId is not null)
        {
            tags.Add("tenant", tenantId);
        }
        Requests.Add(1, tags);
    }

    internal static void RateLimited(string tenantId) => RateLimitedRequests.Add(1, new KeyValuePair<string, object?>("tenant", tenantId));

    internal static void Delivered(string consumer, string tenantId) =>
        DeliveredEvents.Add(1, new KeyValuePair<string, object?>("consumer", consumer), new KeyValuePair<string, object?>("tenant", tenantId));

    internal static void Dead(string consumer, string tenantId) =>
        DeadEvents.Add(1, new KeyValuePair<string, object?>("consumer", consumer), new KeyValuePair<string, object?>("tenant", tenantId));
}
