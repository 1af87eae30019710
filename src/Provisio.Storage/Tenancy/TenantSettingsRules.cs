using Provisio.Scim.Validation;
using Provisio.Storage.Access;

namespace Provisio.Storage.Tenancy;

/// <summary>
/// What makes <see cref="TenantSettings"/> valid, in one place for every way of setting them (the CLI and the admin
/// API): each problem says which setting and why.
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

    /// <summary>The page-size bounds of <c>Provisio:MaxPageSize</c> and <c>Provisio:DefaultPageSize</c>.</summary>
    public const int MaxPageSize = 10_000;

    /// <summary>The bucket bounds of <c>Provisio:RateLimits:Scim</c>.</summary>
    public const double MinPermitsPerSecond = 0.01;

    public const double MaxPermitsPerSecond = 1_000_000;

    public const int MaxBurst = 10_000_000;

    /// <summary>A year: the longest quiet period before a tenant's sync is called stale.</summary>
    public const int MaxStaleAfterHours = 8_760;

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
        if (settings.MaxPageSize is < 1 or > MaxPageSize)
        {
            problems.Add(new("max-page-size", $"must be from 1 to {MaxPageSize}, or null for the server's, not {settings.MaxPageSize}"));
        }
        if (settings.DefaultPageSize is < 1 or > MaxPageSize)
        {
            problems.Add(new("default-page-size", $"must be from 1 to {MaxPageSize}, or null for the server's, not {settings.DefaultPageSize}"));
        }
        else if (settings.DefaultPageSize > settings.MaxPageSize)
        {
            problems.Add(new("default-page-size", $"must not be above the maximum page size ({settings.MaxPageSize}), not {settings.DefaultPageSize}"));
        }
        if (settings.RateLimit is { } limit)
        {
            if (!(limit.PermitsPerSecond >= MinPermitsPerSecond && limit.PermitsPerSecond <= MaxPermitsPerSecond))
            {
                problems.Add(new("rate-limit", $"permitsPerSecond must be from 0.01 to 1000000, not {limit.PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
            }
            if (limit.Burst is < 1 or > MaxBurst)
            {
                problems.Add(new("rate-limit", $"burst must be from 1 to 10000000, not {limit.Burst}"));
            }
        }
        if (settings.StaleAfterHours is < 1 or > MaxStaleAfterHours)
        {
            problems.Add(new("stale-after-hours", $"must be from 1 to {MaxStaleAfterHours} hours, not {settings.StaleAfterHours}"));
        }
        return problems;
    }

    /// <summary>An HTTP field name: an RFC 9110 token (§5.1, §5.6.2).</summary>
    public static bool IsHeaderName(string name) =>
        name.Length is > 0 and <= MaxHeaderNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
