using Npgsql;
using Provisio.Storage.Postgres;

namespace Provisio.Storage.Tests.Postgres;

/// <summary>The data source Provisio builds from a connection string: its defaults, and the settings it leaves alone.</summary>
public sealed class PostgresStorageOptionsTests
{
    [Fact]
    public void Pooled_connections_are_renewed_every_five_minutes_by_default_not_every_hour()
    {
        Assert.Equal(300, LifetimeOf("Host=db;Database=provisio"));
    }

    [Theory]
    [InlineData("Host=db;Database=provisio;Connection Lifetime=0", 0)]
    [InlineData("Host=db;Database=provisio;connection lifetime=60", 60)]
    [InlineData("Host=db;Database=provisio;ConnectionLifetime=60", 60)]
    [InlineData("Host=db;Database=provisio;Load Balance Timeout=90", 90)]
    public void A_lifetime_the_connection_string_sets_is_kept(string connectionString, int expected)
    {
        Assert.Equal(expected, LifetimeOf(connectionString));
    }

    [Theory]
    [InlineData("Host=db", 5, 30, 64)]
    [InlineData("Host=db;Load Balance Timeout=90", 5, 30, 64)]
    [InlineData("Host=db;Timeout=15", 15, 30, 64)]
    [InlineData("Host=db;Command Timeout=0;Max Auto Prepare=0", 5, 0, 0)]
    public void Timeouts_and_prepared_statements_have_defaults_the_connection_string_may_change(string connectionString, int connect, int command, int prepared)
    {
        var built = Build(connectionString);
        Assert.Equal((connect, command, prepared), (built.Timeout, built.CommandTimeout, built.MaxAutoPrepare));
    }

    private static int LifetimeOf(string connectionString) => Build(connectionString).ConnectionLifetime;

    private static NpgsqlConnectionStringBuilder Build(string connectionString)
    {
        using var dataSource = new PostgresStorageOptions { ConnectionString = connectionString }.CreateDataSource();
        return new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
    }
}
