namespace Provisio.Storage;

/// <summary>What a read must load beyond the document: membership is its own table and only read when asked for.</summary>
public sealed record ReadOptions(bool IncludeMembership)
{
    /// <summary>
    /// The most membership entries a list page reads into memory. A page whose resources hold more comes back without
    /// membership (<see cref="ResourcePage.MembershipOmitted"/>), for the caller to stream resource by resource; a write
    /// that changed more members than this comes back without them (<see cref="WrittenResource.MembershipOmitted"/>).
    /// </summary>
    public int MembershipLimit { get; init; } = int.MaxValue;

    public static ReadOptions Full { get; } = new(IncludeMembership: true);

    public static ReadOptions DocumentOnly { get; } = new(IncludeMembership: false);
}
