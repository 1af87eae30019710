namespace Provisio.Storage.Tenancy;

/// <summary>
/// Every table that holds a tenant's rows in a <c>tenant_id</c> column, in the order a tenant's deletion empties them:
/// rows that refer to others before the rows they refer to. A table added with a <c>tenant_id</c> column belongs here;
/// a test compares this list with the schema.
/// </summary>
public static class TenantTables
{
    public static readonly IReadOnlyList<string> All =
    [
        "group_deletion_members",
        "group_deletions",
        "user_access",
        "access_mappings",
        "access_roles",
        "access_reconciliations",
        "webhook_attempts",
        "event_dead_letters",
        "event_retries",
        "event_consumers",
        "webhook_endpoints",
        "events",
        "event_sequences",
        "audit_log",
        "request_counts",
        "tenant_activity",
        "deleted_memberships",
        "deleted_resources",
        "group_members",
        "resource_values",
        "resource_counts",
        "resources",
        "scim_tokens",
        "admin_keys",
    ];
}
