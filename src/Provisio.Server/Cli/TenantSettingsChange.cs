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
        problems.AddRange(TenantSettingsRules.Problems(result).Select(p => $"--{p.Setting}: {p.Message}"));
        return (result, problems);
    }

    /// <summary>A comma-separated list, each entry trimmed, the first of case-insensitive duplicates kept; "" is empty.</summary>
    private static string[] List(string text) =>
        text.Trim().Length == 0 ? [] : [.. text.Split(',').Select(e => e.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
}
