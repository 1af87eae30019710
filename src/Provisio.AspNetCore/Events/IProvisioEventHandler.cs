using System.Diagnostics.CodeAnalysis;

namespace Provisio.AspNetCore.Events;

/// <summary>
/// Receives Provisio's change events in-process, after their write committed: at least once, in order per resource.
/// Register with <c>AddEventHandler&lt;T&gt;()</c>; each delivery resolves handlers from a scope of its own. Throwing
/// (or not finishing within <see cref="EventHandlerOptions.HandlerTimeout"/>) has the event delivered again later.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "A handler of Provisio's change events, as DESIGN names it; not a .NET event delegate.")]
public interface IProvisioEventHandler
{
    /// <summary>
    /// Acts on one event. May see an event again (after a failure or a crash): dedupe on <see cref="ProvisioEvent.Id"/>.
    /// <paramref name="cancellationToken"/> fires at the handler timeout and when the host stops.
    /// </summary>
    Task HandleAsync(ProvisioEvent provisioEvent, CancellationToken cancellationToken);
}
