namespace Provisio.Storage.Membership;

/// <summary>The members a write added to a group and removed from it, as (id, type), in the order it changed them.</summary>
internal sealed record MembershipDelta(List<(string Id, string Type)> Added, List<(string Id, string Type)> Removed)
{
    public bool Any => Added.Count > 0 || Removed.Count > 0;
}
