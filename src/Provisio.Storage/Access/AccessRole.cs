namespace Provisio.Storage.Access;

/// <summary>
/// A role the app defines, as the tenant configured it: its rank (higher wins when one role is asked for) and whether
/// it is protected (a SCIM write that leaves no active holder follows the tenant's <c>ProtectedRolePolicy</c>).
/// </summary>
public sealed record AccessRole(string TenantId, string Role, int? Rank, bool Protected);
