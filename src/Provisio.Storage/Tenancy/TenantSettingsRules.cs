using Provisio.Scim.Validation;
using Provisio.Storage.Access;

namespace Provisio.Storage.Tenancy;

/// <summary>
/// What makes <see cref="TenantSettings"/> valid, in one place for every way of setting them (the CLI now, the admin
/// API later): each problem says which setting and why.
/// </summary>
public static class TenantSettingsRules
{
    /// <summary>Ten years: the longest grace period or audit retention.</summary>
    public const int MaxDays = 3650;

    /// <summary>Every write goes through the list, so it stays short.</summary>
    public const int MaxSensitiveAttributes = 100;

    /// <summary>Every write looks the headers up in order, so the list stays short.</summary>
    public const int MaxRequestIdHeaders = 10;

    /// <summary>Every access computation checks a user's groups against the list, so it stays bounded.</summary>
    public const int MaxSyncGroups = 500;

    private const int MaxHeaderNameLength = 100;

    public static IReadOnlyList<TenantSettingsProblem> Problems(TenantSettings settings)
    {
        var problems = new List<TenantSettingsProblem>();
        if (settings.GraceDays is { } grace)
        {
            if (settings.DeleteMode != DeleteMode.Soft)
            {
                problems.Add(new("grace-days", "applies to soft deletes only: with hard deletes a user's rows are gone at once"));
            }
            if (grace is < 1 or > MaxDays)
            {
                problems.Add(new("grace-days", $"must be from 1 to {MaxDays} days, not {grace}"));
            }
        }
        if (settings.AuditRetentionDays is < 1 or > MaxDays)
        {
            problems.Add(new("audit-retention-days", $"must be from 1 to {MaxDays} days, not {settings.AuditRetentionDays}"));
        }
        if (settings.SensitiveAttributes.Count > MaxSensitiveAttributes)
        {
            problems.Add(new("sensitive-attributes", $"at most {MaxSensitiveAttributes} paths, not {settings.SensitiveAttributes.Count}"));
        }
        foreach (var path in settings.SensitiveAttributes)
        {
            if (SensitiveAttributes.Refusal(path) is { } reason)
            {
                problems.Add(new("sensitive-attributes", reason));
            }
        }
        if (settings.RequestIdHeaders.Count > MaxRequestIdHeaders)
        {
            problems.Add(new("request-id-headers", $"at most {MaxRequestIdHeaders} headers, not {settings.RequestIdHeaders.Count}"));
        }
        foreach (var header in settings.RequestIdHeaders.Where(h => !IsHeaderName(h)))
        {
            problems.Add(new("request-id-headers",
                $"'{new string([.. header.Select(c => char.IsControl(c) ? '?' : c)])}' is not an HTTP header name (1-{MaxHeaderNameLength} letters, digits or !#$%&'*+-.^_`|~)"));
        }
        if (settings.SyncGroups is { } groups)
        {
            if (groups.Count > MaxSyncGroups)
            {
                problems.Add(new("sync-groups", $"at most {MaxSyncGroups} groups, not {groups.Count}"));
            }
            problems.AddRange(groups.Select(AccessNames.GroupRefusal).OfType<string>().Distinct(StringComparer.Ordinal)
                .Select(reason => new TenantSettingsProblem("sync-groups", reason)));
        }
        if (!Enum.IsDefined(settings.ProtectedRolePolicy))
        {
            problems.Add(new("protected-role-policy", "must be refuse or allow-and-alert"));
        }
        return problems;
    }

    /// <summary>An HTTP field name: an RFC 9110 token (§5.1, §5.6.2).</summary>
    public static bool IsHeaderName(string name) =>
        name.Length is > 0 and <= MaxHeaderNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
