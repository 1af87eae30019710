using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Access;

/// <summary>
/// A server whose access recomputation job waits an hour between looks, so the recomputation requests that the
/// configuration tests check are still there when they look.
/// </summary>
public sealed class QuietAccessFactory : ProvisioFactory
{
    public QuietAccessFactory() => Settings["Provisio:Jobs:AccessRecomputationInterval"] = "01:00:00";
}
