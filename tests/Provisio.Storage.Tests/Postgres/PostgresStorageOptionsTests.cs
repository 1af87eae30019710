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

    private static int LifetimeOf(string connectionString)
    {
        using var dataSource = new PostgresStorageOptions { ConnectionString = connectionString }.CreateDataSource();
        return new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).ConnectionLifetime;
    }
}
