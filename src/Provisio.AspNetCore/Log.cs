using Microsoft.Extensions.Logging;

namespace Provisio.AspNetCore;

/// <summary>
/// Everything Provisio.AspNetCore logs, with stable event ids. Text that comes from a request is passed through
/// <see cref="Logging.LogText.Escape"/> first; query strings and bodies (e-mail addresses in filters) are never logged.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, EventName = "RequestCompleted", Level = LogLevel.Information,
        Message = "{Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(EventId = 1003, EventName = "ScimRequestCompleted", Level = LogLevel.Information,
        Message = "{Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms (tenant {TenantId}, token {TokenName}, request id {RequestId})")]
    public static partial void ScimRequestCompleted(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds, string tenantId, string tokenName, string requestId);

    [LoggerMessage(EventId = 1004, EventName = "ScimWriteRefused", Level = LogLevel.Warning,
        Message = "{Method} {Path} refused with {StatusCode} ({ScimType}) in {ElapsedMilliseconds:0.0} ms (tenant {TenantId}, token {TokenName}, request id {RequestId})")]
    public static partial void ScimWriteRefused(ILogger logger, string method, string path, int statusCode, string scimType, double elapsedMilliseconds, string tenantId, string tokenName, string requestId);

    [LoggerMessage(EventId = 1002, EventName = "FailedAuthenticationLimited", Level = LogLevel.Debug,
        Message = "Too many failed authentications from {ClientAddress}: answering 429")]
    public static partial void FailedAuthenticationLimited(ILogger logger, string clientAddress);

    // 1100–1199: in-process event handlers. Only ids and types are logged, never an event's data (personal data).

    [LoggerMessage(EventId = 1101, EventName = "EventDeliveryAttemptFailed", Level = LogLevel.Warning,
        Message = "Consumer {Consumer} failed on event {EventId} ({EventType}) of tenant {TenantId}, attempt {Attempt}: {Error}; next attempt at {NextAttempt:O}")]
    public static partial void EventDeliveryAttemptFailed(ILogger logger, string consumer, string eventId, string eventType, string tenantId, int attempt, DateTimeOffset nextAttempt, string error, Exception? exception);

    [LoggerMessage(EventId = 1102, EventName = "EventGivenUp", Level = LogLevel.Error,
        Message = "Consumer {Consumer} gave up event {EventId} ({EventType}) of tenant {TenantId}, {ResourceType} {ResourceId}, after {Attempts} failed attempts ({Error}); it is kept as a dead letter and the resource's later events go on")]
    public static partial void EventGivenUp(ILogger logger, string consumer, string eventId, string eventType, string tenantId, string resourceType, string resourceId, int attempts, string error, Exception? exception);

    [LoggerMessage(EventId = 1103, EventName = "EventQueuedBehindRetry", Level = LogLevel.Debug,
        Message = "Consumer {Consumer}: event {EventId} ({EventType}) of tenant {TenantId} waits behind an earlier event of its resource")]
    public static partial void EventQueuedBehindRetry(ILogger logger, string consumer, string eventId, string eventType, string tenantId);

    [LoggerMessage(EventId = 1104, EventName = "EventDeliveryFailed", Level = LogLevel.Error,
        Message = "Delivering the events of tenant {TenantId} to consumer {Consumer} failed; the next poll tries again")]
    public static partial void EventDeliveryFailed(ILogger logger, string consumer, string tenantId, Exception exception);

    [LoggerMessage(EventId = 1105, EventName = "EventPollFailed", Level = LogLevel.Warning,
        Message = "Looking for tenants with events to deliver failed; the next poll tries again")]
    public static partial void EventPollFailed(ILogger logger, Exception exception);

    // 1200–1299: maintenance jobs.

    [LoggerMessage(EventId = 1201, EventName = "JobFailed", Level = LogLevel.Error,
        Message = "The {Job} job failed; it runs again at the next interval")]
    public static partial void JobFailed(ILogger logger, string job, Exception exception);

    [LoggerMessage(EventId = 1202, EventName = "JobSkipped", Level = LogLevel.Debug,
        Message = "The {Job} job is running elsewhere; skipped here")]
    public static partial void JobSkipped(ILogger logger, string job);

    [LoggerMessage(EventId = 1203, EventName = "DeletedUsersPurged", Level = LogLevel.Information,
        Message = "Purged {Count} users of tenant {TenantId} deleted longer ago than its grace period")]
    public static partial void DeletedUsersPurged(ILogger logger, int count, string tenantId);

    [LoggerMessage(EventId = 1204, EventName = "AuditRowsPruned", Level = LogLevel.Information,
        Message = "Pruned {Count} audit rows of tenant {TenantId} past its retention")]
    public static partial void AuditRowsPruned(ILogger logger, long count, string tenantId);

    [LoggerMessage(EventId = 1205, EventName = "JobFailedForTenant", Level = LogLevel.Error,
        Message = "The {Job} job failed for tenant {TenantId}; it runs again at the next interval")]
    public static partial void JobFailedForTenant(ILogger logger, string job, string tenantId, Exception exception);

    [LoggerMessage(EventId = 1206, EventName = "AccessRecomputed", Level = LogLevel.Information,
        Message = "Access of tenant {TenantId} computed again after a configuration change: {Users} users' access changed")]
    public static partial void AccessRecomputed(ILogger logger, string tenantId, int users);

    [LoggerMessage(EventId = 1207, EventName = "GroupDeletionEventsWritten", Level = LogLevel.Information,
        Message = "Events of deleted groups of tenant {TenantId} written: {Events}")]
    public static partial void GroupDeletionEventsWritten(ILogger logger, string tenantId, int events);

    [LoggerMessage(EventId = 1301, EventName = "RequestCountsNotWritten", Level = LogLevel.Warning,
        Message = "The SCIM request counts could not be written; they are kept for the next try")]
    public static partial void RequestCountsNotWritten(ILogger logger, Exception exception);
}
