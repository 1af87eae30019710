using System.Data.Common;
using Provisio.Storage.Tests.Support;

namespace Provisio.Storage.Tests.Sql;

/// <summary>A scan's statements stop at its deadline, and the pooled connection goes back without the bound.</summary>
public sealed class SqliteScanBoundsTests(SqliteStore store) : IClassFixture<SqliteStore>
{
    // A statement that would run for minutes: count to ten billion.
    private const string Endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000000000) SELECT COUNT(*) FROM n";

    [Fact]
    public async Task A_running_statement_is_interrupted_when_the_token_fires()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await using var connection = await store.Dialect.OpenConnectionAsync(CancellationToken.None);

        var error = await Assert.ThrowsAnyAsync<DbException>(async () =>
        {
            await using var bounds = await store.Dialect.BoundScanAsync(connection, TimeSpan.FromMilliseconds(200), deadline.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = Endless;
            await command.ExecuteScalarAsync(CancellationToken.None);
        });

        Assert.True(store.Dialect.IsTimeout(error), error.Message);
    }
}

public sealed class PostgresScanBoundsTests(PostgresStore store) : IClassFixture<PostgresStore>
{
    [Provisio.Tests.Support.PostgresFact]
    public async Task The_server_stops_a_statement_past_the_limit_by_itself_and_the_connection_returns_unbounded()
    {
        await using var connection = await store.Dialect.OpenConnectionAsync(CancellationToken.None);

        // No token fires here: only the server's statement_timeout can stop the sleep.
        var error = await Assert.ThrowsAnyAsync<DbException>(async () =>
        {
            await using var bounds = await store.Dialect.BoundScanAsync(connection, TimeSpan.FromMilliseconds(200), CancellationToken.None);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT pg_sleep(30)";
            await command.ExecuteScalarAsync(CancellationToken.None);
        });

        Assert.True(store.Dialect.IsTimeout(error), error.Message);
        await using var show = connection.CreateCommand();
        show.CommandText = "SHOW statement_timeout";
        Assert.Equal("0", (string?)await show.ExecuteScalarAsync());
    }
}
