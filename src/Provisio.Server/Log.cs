using Microsoft.Extensions.Logging;

namespace Provisio.Server;

/// <summary>
/// Everything Provisio.Server logs itself, with stable event ids (Provisio.AspNetCore's are 1000–1999). Only ids are
/// logged, never a token's or key's text, nor names typed by an admin.
/// </summary>
internal static partial class Log
{
    // 2100–2199: tenant administration through the admin API. The tenant's own audit log goes with a deleted tenant:
    // these lines are what is left of who did it.

    [LoggerMessage(EventId = 2101, EventName = "TenantCreated", Level = LogLevel.Information,
        Message = "Tenant {TenantId} created with admin key {KeyId}")]
    public static partial void TenantCreated(ILogger logger, string tenantId, string keyId);

    [LoggerMessage(EventId = 2102, EventName = "TenantDeleted", Level = LogLevel.Warning,
        Message = "Tenant {TenantId} deleted with all its data with admin key {KeyId}")]
    public static partial void TenantDeleted(ILogger logger, string tenantId, string keyId);

    [LoggerMessage(EventId = 2103, EventName = "ScimTokenCreated", Level = LogLevel.Information,
        Message = "SCIM token {TokenId} of tenant {TenantId} created with admin key {KeyId}")]
    public static partial void ScimTokenCreated(ILogger logger, string tokenId, string tenantId, string keyId);

    [LoggerMessage(EventId = 2104, EventName = "ScimTokenRevoked", Level = LogLevel.Information,
        Message = "SCIM token {TokenId} of tenant {TenantId} revoked with admin key {KeyId}")]
    public static partial void ScimTokenRevoked(ILogger logger, string tokenId, string tenantId, string keyId);

    [LoggerMessage(EventId = 2105, EventName = "ScimTokenRotated", Level = LogLevel.Information,
        Message = "SCIM token {TokenId} of tenant {TenantId} rotated to {SuccessorId}, expiring {Expires:o}, with admin key {KeyId}")]
    public static partial void ScimTokenRotated(ILogger logger, string tokenId, string tenantId, string successorId, DateTimeOffset expires, string keyId);
}
