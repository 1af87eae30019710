namespace Provisio.Tests.Support;

/// <summary>A fact that needs PostgreSQL: skipped with the reason when its binaries are missing (never on CI).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresCluster.UnavailableReason;
}

/// <summary>A theory that needs PostgreSQL: skipped with the reason when its binaries are missing (never on CI).</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute() => Skip = PostgresCluster.UnavailableReason;
}
