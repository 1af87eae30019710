namespace Provisio.Storage.Access;

/// <summary>
/// What a role, workspace or mapped group may be called. Roles and workspaces are stored comma-separated, so a name
/// holds no comma; none holds control characters, so names print safely in logs, tables and events.
/// </summary>
public static class AccessNames
{
    public const int MaxLength = 100;

    /// <summary>A mapping grants at most this many roles, and as many workspaces.</summary>
    public const int MaxNames = 50;

    /// <summary>A group is named by a SCIM id or displayName, which may be longer than an app's role.</summary>
    public const int MaxGroupLength = 256;

    /// <summary>Why <paramref name="name"/> cannot be a role or workspace name (<paramref name="what"/>), or null when it can.</summary>
    public static string? Refusal(string what, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return $"a {what} name must not be empty";
        }
        if (name.Length > MaxLength)
        {
            return $"{what} '{Shown(name)}' is longer than {MaxLength} characters";
        }
        if (name.Contains(','))
        {
            return $"{what} '{Shown(name)}' contains a comma, which separates names";
        }
        return Refusal(what, name, name.Length);
    }

    /// <summary>Why <paramref name="group"/> cannot name a mapped group, or null when it can.</summary>
    public static string? GroupRefusal(string? group)
    {
        if (string.IsNullOrWhiteSpace(group))
        {
            return "the group must not be empty";
        }
        return group.Length > MaxGroupLength
            ? $"group '{Shown(group)}' is longer than {MaxGroupLength} characters"
            : Refusal("group", group, group.Length);
    }

    /// <summary>Each reason why <paramref name="names"/> cannot be the roles or workspaces (<paramref name="what"/>) of a mapping.</summary>
    public static IReadOnlyList<string> Problems(string what, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var problems = new List<string>();
        if (names.Count > MaxNames)
        {
            problems.Add($"at most {MaxNames} {what}s, not {names.Count}");
        }
        problems.AddRange(names.Select(n => Refusal(what, n)).OfType<string>().Distinct(StringComparer.Ordinal));
        return problems;
    }

    /// <summary>The names in order, the first of exact duplicates kept.</summary>
    public static IReadOnlyList<string> Distinct(IEnumerable<string> names) => [.. names.Distinct(StringComparer.Ordinal)];

    /// <summary>A name as it may be quoted in a message: control characters as '?', at most 64 characters.</summary>
    public static string Shown(string name)
    {
        var printable = new string([.. name.Select(c => char.IsControl(c) ? '?' : c)]);
        return printable.Length <= 64 ? printable : printable[..64] + "…";
    }

    private static string? Refusal(string what, string name, int length)
    {
        if (name.Any(char.IsControl))
        {
            return $"{what} '{Shown(name)}' contains a control character";
        }
        return char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[length - 1])
            ? $"{what} '{Shown(name)}' starts or ends with a space"
            : null;
    }
}
