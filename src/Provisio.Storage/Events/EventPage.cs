namespace Provisio.Storage.Events;

/// <summary>Events in sequence order, and whether more follow the last one (at the time of reading).</summary>
public sealed record EventPage(IReadOnlyList<ChangeEvent> Events, bool HasMore);
