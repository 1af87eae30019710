namespace SaasApp;

/// <summary>The sample's log messages. Events are named by id and type only; secrets are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied directory event {EventId} ({EventType}) to user {UserId}.")]
    public static partial void EventApplied(ILogger logger, string eventId, string eventType, string userId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Directory event {EventId} ({EventType}) was applied before; skipped.")]
    public static partial void EventAlreadyApplied(ILogger logger, string eventId, string eventType);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Refused a webhook delivery: {Reason}.")]
    public static partial void WebhookRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "SCIM tenant '{TenantId}' exists; its token was shown on the first start.")]
    public static partial void ScimTenantExists(ILogger logger, string tenantId);
}
