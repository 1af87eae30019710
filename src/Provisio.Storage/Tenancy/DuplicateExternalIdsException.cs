namespace Provisio.Storage.Tenancy;

/// <summary>
/// <c>externalIdUnique</c> was not turned on because users of the tenant already share an externalId: nothing changed.
/// <see cref="Duplicates"/> names a few of them so the owner can fix them first.
/// </summary>
public sealed class DuplicateExternalIdsException(IReadOnlyList<string> duplicates)
    : Exception($"Users already share these externalIds: {string.Join(", ", duplicates)}.")
{
    /// <summary>How many duplicated externalIds are named at most.</summary>
    public const int Shown = 5;

    public IReadOnlyList<string> Duplicates { get; } = duplicates;
}
