namespace Provisio.Scim.Schema;

/// <summary>
/// The names of the two resource types RFC 7643 defines, as the registry, the store and the events know them: named
/// once, so that a misspelt type is a compile error rather than a branch that never runs.
/// </summary>
public static class ResourceTypeNames
{
    public const string User = "User";

    public const string Group = "Group";
}
