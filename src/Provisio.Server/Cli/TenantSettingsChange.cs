using System.Globalization;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary>
/// The options given to <c>provisio tenants set</c>, as typed; <see cref="ApplyTo"/> changes only those in a tenant's
/// settings and says what is wrong, per option, when the result would not be valid.
/// </summary>
internal sealed record TenantSettingsChange
{
    public string? DeleteMode { get; init; }

    public int? GraceDays { get; init; }

    public bool NoGrace { get; init; }

    public int? AuditRetentionDays { get; init; }

    public string? AuditReads { get; init; }

    public string? SensitiveAttributes { get; init; }

    public string? RequestIdHeaders { get; init; }

    public string? SyncGroups { get; init; }

    public string? ProtectedRolePolicy { get; init; }

    public string? Paused { get; init; }

    public string? DryRun { get; init; }

    public string? ExternalIdUnique { get; init; }

    /// <summary>A number, or <c>default</c> for the server's.</summary>
    public string? MaxPageSize { get; init; }

    /// <summary>A number, or <c>default</c> for the server's.</summary>
    public string? DefaultPageSize { get; init; }

    /// <summary><c>PERMITS_PER_SECOND:BURST</c>, or <c>default</c> for the server's.</summary>
    public string? RateLimit { get; init; }

    public int? StaleAfterHours { get; init; }

    public bool IsEmpty => this == new TenantSettingsChange();

    /// <summary>The changed settings, or the problems (each as <c>--option: why</c>) when they would not be valid.</summary>
    public (TenantSettings Settings, IReadOnlyList<string> Problems) ApplyTo(TenantSettings current)
    {
        var problems = new List<string>();
        var result = current;
        switch (DeleteMode?.Trim().ToLowerInvariant())
        {
            case null:
                break;
            case "soft":
                result = result with { DeleteMode = Storage.Tenancy.DeleteMode.Soft };
                break;
            case "hard":
                // Grace days mean nothing once deletes are hard: they go, unless given too (then refused below).
                result = result with { DeleteMode = Storage.Tenancy.DeleteMode.Hard, GraceDays = null };
                break;
            default:
                problems.Add($"--delete-mode: '{DeleteMode}' is neither 'soft' nor 'hard'");
                break;
        }
        if (NoGrace && GraceDays is not null)
        {
            problems.Add("--grace-days and --no-grace: give one or the other");
        }
        else if (NoGrace)
        {
            result = result with { GraceDays = null };
        }
        else if (GraceDays is not null)
        {
            result = result with { GraceDays = GraceDays };
        }
        if (AuditRetentionDays is { } retention)
        {
            result = result with { AuditRetentionDays = retention };
        }
        switch (AuditReads?.Trim().ToLowerInvariant())
        {
            case null:
                break;
            case "true":
                result = result with { AuditReads = true };
                break;
            case "false":
                result = result with { AuditReads = false };
                break;
            default:
                problems.Add($"--audit-reads: '{AuditReads}' is neither 'true' nor 'false'");
                break;
        }
        if (SensitiveAttributes is not null)
        {
            result = result with { SensitiveAttributes = List(SensitiveAttributes) };
        }
        if (RequestIdHeaders is not null)
        {
            result = result with
            {
                RequestIdHeaders = RequestIdHeaders.Trim().Equals("default", StringComparison.OrdinalIgnoreCase)
                    ? TenantSettings.DefaultRequestIdHeaders
                    : List(RequestIdHeaders),
            };
        }
        if (SyncGroups is not null)
        {
            result = result with { SyncGroups = SyncGroups.Trim().Equals("all", StringComparison.OrdinalIgnoreCase) ? null : List(SyncGroups) };
        }
        switch (ProtectedRolePolicy?.Trim().ToLowerInvariant())
        {
            case null:
                break;
            case "refuse":
                result = result with { ProtectedRolePolicy = Storage.Tenancy.ProtectedRolePolicy.Refuse };
                break;
            case "allow-and-alert":
                result = result with { ProtectedRolePolicy = Storage.Tenancy.ProtectedRolePolicy.AllowAndAlert };
                break;
            default:
                problems.Add($"--protected-role-policy: '{ProtectedRolePolicy}' is neither 'refuse' nor 'allow-and-alert'");
                break;
        }
        if (Flag("--paused", Paused, problems) is { } paused)
        {
            result = result with { Paused = paused };
        }
        if (Flag("--dry-run", DryRun, problems) is { } dryRun)
        {
            result = result with { DryRun = dryRun };
        }
        if (Flag("--external-id-unique", ExternalIdUnique, problems) is { } unique)
        {
            result = result with { ExternalIdUnique = unique };
        }
        if (MaxPageSize is not null && Size("--max-page-size", MaxPageSize, problems, out var max))
        {
            result = result with { MaxPageSize = max };
        }
        if (DefaultPageSize is not null && Size("--default-page-size", DefaultPageSize, problems, out var size))
        {
            result = result with { DefaultPageSize = size };
        }
        if (RateLimit is not null && Rate(RateLimit, problems, out var rate))
        {
            result = result with { RateLimit = rate };
        }
        if (StaleAfterHours is { } hours)
        {
            result = result with { StaleAfterHours = hours };
        }
        problems.AddRange(TenantSettingsRules.Problems(result).Select(p => $"--{p.Setting}: {p.Message}"));
        return (result, problems);
    }

    private static bool? Flag(string option, string? text, List<string> problems)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                problems.Add($"{option}: '{text}' is neither 'true' nor 'false'");
                return null;
        }
    }

    /// <summary>A page size, or null for <c>default</c>; false (with a problem) when it is neither.</summary>
    private static bool Size(string option, string text, List<string> problems, out int? size)
    {
        size = null;
        if (text.Trim().Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            size = value;
            return true;
        }
        problems.Add($"{option}: '{text}' is neither a whole number nor 'default'");
        return false;
    }

    /// <summary><c>PERMITS_PER_SECOND:BURST</c>, or null for <c>default</c>; false (with a problem) when it is neither.</summary>
    private static bool Rate(string text, List<string> problems, out TenantRateLimit? rate)
    {
        rate = null;
        if (text.Trim().Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var perSecond)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var burst))
        {
            rate = new TenantRateLimit { PermitsPerSecond = perSecond, Burst = burst };
            return true;
        }
        problems.Add($"--rate-limit: '{text}' is neither PERMITS_PER_SECOND:BURST (e.g. 50:500) nor 'default'");
        return false;
    }

    /// <summary>A comma-separated list, each entry trimmed, the first of case-insensitive duplicates kept; "" is empty.</summary>
    private static string[] List(string text) =>
        text.Trim().Length == 0 ? [] : [.. text.Split(',').Select(e => e.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
}
