namespace Provisio.Storage.Tenancy;

/// <summary>Why a tenant setting was refused: <see cref="Setting"/> is its kebab-case name (<c>grace-days</c>), as the CLI spells it.</summary>
public sealed record TenantSettingsProblem(string Setting, string Message);
