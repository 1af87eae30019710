namespace Provisio.Storage.Audit;

/// <summary>The <see cref="AuditEntry.Action"/> of a request, from its method.</summary>
public static class AuditActions
{
    public const string Create = "create";
    public const string Replace = "replace";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string Read = "read";
    public const string Purge = "purge";

    /// <summary>A change an admin made through the admin API (a mapping, a role, a setting, a token, a webhook).</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Create, Replace, Update, Delete, Read, Purge, Admin];

    public static string ForMethod(string method) => method.ToUpperInvariant() switch
    {
        "POST" => Create,
        "PUT" => Replace,
        "PATCH" => Update,
        "DELETE" => Delete,
        "SYSTEM" => Purge,
        _ => Read,
    };
}
