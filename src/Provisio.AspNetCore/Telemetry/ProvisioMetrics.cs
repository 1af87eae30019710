using System.Diagnostics;
using System.Diagnostics.Metrics;
using Provisio.Storage.Events;

namespace Provisio.AspNetCore.Telemetry;

/// <summary>
/// Provisio's own instruments, on the meter <see cref="MeterName"/>: plain <c>System.Diagnostics.Metrics</c>, so an
/// embedding app collects them with whatever it already uses (OpenTelemetry's <c>AddMeter("Provisio")</c>,
/// <c>dotnet-counters</c>) and the library depends on no telemetry SDK.
/// </summary>
public sealed class ProvisioMetrics
{
    /// <summary>The meter's name, to pass to <c>AddMeter</c>.</summary>
    public const string MeterName = "Provisio";

    private readonly Counter<long> requests;
    private readonly Counter<long> rateLimited;
    private readonly Counter<long> delivered;
    private readonly Counter<long> dead;

    internal ProvisioMetrics(IMeterFactory meters, EventSignal signal)
    {
        var meter = meters.Create(MeterName);
        requests = meter.CreateCounter<long>("provisio.scim.requests", "{request}",
            "SCIM requests answered, by tenant, resource, operation and HTTP status.");
        rateLimited = meter.CreateCounter<long>("provisio.scim.rate_limited", "{request}",
            "SCIM requests refused with 429 because their tenant's bucket was empty.");
        // Counted by the signal where they commit, whoever wrote them (a SCIM write, a background job), from the
        // process's start: observed, so the count does not depend on when this class is first needed.
        meter.CreateObservableCounter("provisio.events.written",
            () => signal.CommittedEvents.Select(tenant => new Measurement<long>(tenant.Value, new KeyValuePair<string, object?>("tenant", tenant.Key))),
            "{event}", "Change events committed to the outbox by this instance.");
        delivered = meter.CreateCounter<long>("provisio.events.delivered", "{event}",
            "Change events delivered to a consumer (an in-process handler family or a webhook endpoint).");
        dead = meter.CreateCounter<long>("provisio.events.dead", "{event}",
            "Change events given up after their last attempt and kept as dead letters.");
    }

    /// <summary>
    /// One SCIM request answered. <paramref name="tenantId"/> is null when no valid token named one: a tenant in the
    /// URL alone is whatever the client typed, and would let anyone grow the number of series.
    /// </summary>
    internal void RequestAnswered(string? tenantId, ScimOperation operation, int status)
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
        requests.Add(1, tags);
    }

    internal void RateLimited(string tenantId) => rateLimited.Add(1, new KeyValuePair<string, object?>("tenant", tenantId));

    internal void Delivered(string consumer, string tenantId) =>
        delivered.Add(1, new KeyValuePair<string, object?>("consumer", consumer), new KeyValuePair<string, object?>("tenant", tenantId));

    internal void Dead(string consumer, string tenantId) =>
        dead.Add(1, new KeyValuePair<string, object?>("consumer", consumer), new KeyValuePair<string, object?>("tenant", tenantId));
}
