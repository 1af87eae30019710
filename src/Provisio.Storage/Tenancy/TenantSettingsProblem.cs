namespace Provisio.Storage.Tenancy;

/// <summary>Why a tenant setting was refused: <see cref="Setting"/> is its kebab-case name (<c>grace-days</c>), as the CLI spells it.</summary>
public sealed record TenantSettingsProblem(string Setting, string Message)
{
    /// <summary>The setting's JSON member name, as the admin API spells it (<c>graceDays</c>).</summary>
    public string Member => string.Concat(Setting.Split('-').Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
}
