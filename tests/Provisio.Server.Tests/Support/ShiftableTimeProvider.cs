namespace Provisio.Server.Tests.Support;

/// <summary>The system clock, moved forward on demand (to pass a cache lifetime without waiting for it).</summary>
public sealed class ShiftableTimeProvider : TimeProvider
{
    private TimeSpan shift;

    public void Advance(TimeSpan by) => shift += by;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
