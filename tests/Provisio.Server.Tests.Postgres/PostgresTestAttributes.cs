using Provisio.Tests.Support;

namespace Provisio.Server.Tests;

/// <summary>
/// In this project every [Fact] of the shared HTTP suite resolves to this attribute (it is nearer than Xunit's), so
/// the whole suite reports itself skipped, with the reason, on a machine without PostgreSQL (never on CI).
/// </summary>
public sealed class FactAttribute : Xunit.FactAttribute
{
    public FactAttribute() => Skip = PostgresCluster.UnavailableReason;
}

/// <summary>The same for every [Theory].</summary>
public sealed class TheoryAttribute : Xunit.TheoryAttribute
{
    public TheoryAttribute() => Skip = PostgresCluster.UnavailableReason;
}
