namespace Provisio.Storage;

/// <summary>What a read must load beyond the document: membership is its own table and only read when asked for.</summary>
public sealed record ReadOptions(bool IncludeMembership)
{
    public static ReadOptions Full { get; } = new(IncludeMembership: true);

    public static ReadOptions DocumentOnly { get; } = new(IncludeMembership: false);
}
