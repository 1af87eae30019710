using System.Text.RegularExpressions;

namespace Provisio.Storage.Tenancy;

/// <summary>
/// What a tenant id may be: it is a URL segment (<c>/scim/v2/{id}</c>), so 1-63 lower-case letters, digits or '-',
/// starting with a letter or digit, and not a name the SCIM routes would read as an endpoint.
/// </summary>
public static partial class TenantIds
{
    /// <summary>What to tell someone whose id was refused.</summary>
    public const string Rule = "use 1-63 lower-case letters, digits or '-', starting with a letter or digit, not a SCIM endpoint name";

    /// <summary>Names that would be read as SCIM endpoints in <c>/scim/v2/{tenant}</c> (routes match case-insensitively).</summary>
    private static readonly string[] Reserved = ["users", "groups", "schemas", "resourcetypes", "serviceproviderconfig", "bulk", "me", ".search"];

    public static bool IsValid(string? id) =>
        id is not null && Pattern().IsMatch(id) && !Reserved.Contains(id, StringComparer.OrdinalIgnoreCase);

    // \z, not $: '$' also matches before a final newline, which let "acme\n" through.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
