namespace Provisio.Storage.Events;

/// <summary>
/// Events in sequence order, and whether more follow the last one (at the time of reading). <see cref="Through"/> is
/// the sequence the read covered: the last event returned, or past events of other types when the page was filtered
/// and nothing more matched, so a consumer that asks for a few types does not read the others again on every poll.
/// </summary>
public sealed record EventPage(IReadOnlyList<ChangeEvent> Events, bool HasMore, long Through);
