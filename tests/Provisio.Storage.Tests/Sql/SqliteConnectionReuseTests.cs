using System.Data;
using System.Data.Common;
using Provisio.Storage.Sql;
using Provisio.Storage.Sqlite;

namespace Provisio.Storage.Tests.Sql;

/// <summary>
/// SQLite connections go back to the dialect's pool open, with their statements prepared; a lease that ends leaves
/// nothing behind for the next one: no parameters, no transaction, no write lock, no command its user kept.
/// </summary>
public sealed class SqliteConnectionReuseTests : IDisposable
{
    private const string Echo = "SELECT @x";

    private readonly string folder = Directory.CreateTempSubdirectory("provisio-reuse-").FullName;
    private readonly SqliteDialect dialect;

    public SqliteConnectionReuseTests() => dialect = new SqliteDialect($"Data Source={Path.Combine(folder, "reuse.db")}");

    public void Dispose()
    {
        dialect.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_connection_its_user_closed_is_lent_again_with_the_same_prepared_command()
    {
        var first = await dialect.OpenConnectionAsync(CancellationToken.None);
        var command = Rent(first, Echo);
        Assert.Equal(1L, await WithX(command, 1).ExecuteScalarAsync());
        await command.DisposeAsync();
        await first.DisposeAsync();

        await using var second = await dialect.OpenConnectionAsync(CancellationToken.None);
        Assert.Same(first, second);
        Assert.Equal(ConnectionState.Open, second.State);
        await using var again = Rent(second, Echo);
        Assert.Same(command, again);
        Assert.Equal(2L, await WithX(again, 2).ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_reused_command_starts_without_the_parameters_of_its_last_use()
    {
        await using var connection = await dialect.OpenConnectionAsync(CancellationToken.None);
        await using (var command = Rent(connection, Echo))
        {
            await WithX(command, 1).ExecuteScalarAsync();
        }
        await using var reused = Rent(connection, Echo);
        Assert.Empty(reused.Parameters);
        Assert.Null(reused.Transaction);
        await Assert.ThrowsAsync<InvalidOperationException>(() => reused.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_command_in_use_is_not_lent_twice_and_keeps_its_sql()
    {
        await using var connection = await dialect.OpenConnectionAsync(CancellationToken.None);
        await using var command = Rent(connection, Echo);
        Assert.Null(((IReusableCommands)connection).Rent(Echo));
        Assert.Throws<InvalidOperationException>(() => command.CommandText = "SELECT 2");
    }

    [Fact]
    public async Task A_transaction_left_open_is_rolled_back_and_the_write_lock_freed_when_the_lease_ends()
    {
        await using (var setup = await dialect.OpenConnectionAsync(CancellationToken.None))
        {
            await using var create = Command(setup, null, "CREATE TABLE IF NOT EXISTS t (v INTEGER)");
            await create.ExecuteNonQueryAsync();
        }
        var writer = await dialect.OpenConnectionAsync(CancellationToken.None);
        var transaction = await dialect.BeginWriteTransactionAsync(writer, CancellationToken.None);
        await using (var insert = Command(writer, transaction, "INSERT INTO t (v) VALUES (1)"))
        {
            await insert.ExecuteNonQueryAsync();
        }
        await writer.DisposeAsync();

        await using var next = await dialect.OpenConnectionAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var nextTransaction = await dialect.BeginWriteTransactionAsync(next, timeout.Token);
        await using var count = Command(next, nextTransaction, "SELECT COUNT(*) FROM t");
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_command_its_user_never_disposed_is_not_lent_again()
    {
        var first = await dialect.OpenConnectionAsync(CancellationToken.None);
        var kept = Rent(first, Echo);
        var reader = await WithX(kept, 1).ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        await first.DisposeAsync();

        await using var second = await dialect.OpenConnectionAsync(CancellationToken.None);
        Assert.Same(first, second);
        Assert.True(reader.IsClosed);
        await using var fresh = Rent(second, Echo);
        Assert.NotSame(kept, fresh);
        Assert.Equal(3L, await WithX(fresh, 3).ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_full_connection_makes_room_for_new_sql_by_finalizing_the_command_used_longest_ago()
    {
        await using var connection = await dialect.OpenConnectionAsync(CancellationToken.None);
        var first = Rent(connection, "SELECT 0");
        await first.DisposeAsync();
        for (var i = 1; i <= 128; i++)
        {
            await using var filler = Rent(connection, $"SELECT {i}");
        }

        var newest = Rent(connection, "SELECT 129");
        await newest.DisposeAsync();
        Assert.Same(newest, Rent(connection, "SELECT 129"));
        await using var again = Rent(connection, "SELECT 0");
        Assert.NotSame(first, again);
        Assert.Equal(0L, await again.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Whoever_listens_to_a_lent_connection_hears_it_close_once_and_never_again()
    {
        var closes = 0;
        var first = await dialect.OpenConnectionAsync(CancellationToken.None);
        first.StateChange += (_, change) => closes += change.CurrentState == ConnectionState.Closed ? 1 : 0;
        await first.DisposeAsync();
        Assert.Equal(1, closes);

        var second = await dialect.OpenConnectionAsync(CancellationToken.None);
        Assert.Same(first, second);
        await second.DisposeAsync();
        Assert.Equal(1, closes);
    }

    [Fact]
    public async Task Disposing_the_dialect_closes_the_connections_it_keeps()
    {
        var connection = await dialect.OpenConnectionAsync(CancellationToken.None);
        await connection.DisposeAsync();
        Assert.Equal(ConnectionState.Open, connection.State);

        dialect.Dispose();
        Assert.Equal(ConnectionState.Closed, connection.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await dialect.OpenConnectionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_connection_closed_twice_goes_back_open_for_the_next_lease()
    {
        var first = await dialect.OpenConnectionAsync(CancellationToken.None);
        await first.CloseAsync();
        await first.DisposeAsync();

        await using var next = await dialect.OpenConnectionAsync(CancellationToken.None);
        Assert.Same(first, next);
        Assert.Equal(ConnectionState.Open, next.State);
        await using var command = Rent(next, Echo);
        Assert.Equal(3L, await WithX(command, 3).ExecuteScalarAsync());
    }

    [Fact]
    public async Task Writers_in_turn_get_one_connection_that_readers_never_get()
    {
        DbConnection first;
        await using (first = await dialect.OpenWriteConnectionAsync(CancellationToken.None))
        {
            await using var transaction = await dialect.BeginWriteTransactionAsync(first, CancellationToken.None);
            await using var create = Command(first, transaction, "CREATE TABLE w (v INTEGER)");
            await create.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        await using (var reader = await dialect.OpenConnectionAsync(CancellationToken.None))
        {
            Assert.NotSame(first, reader);
        }

        await using var second = await dialect.OpenWriteConnectionAsync(CancellationToken.None);
        Assert.Same(first, second);
        Assert.Equal(ConnectionState.Open, second.State);
    }

    [Fact]
    public async Task A_second_writer_waits_until_the_first_closes_its_connection_then_gets_the_same_one()
    {
        var first = await dialect.OpenWriteConnectionAsync(CancellationToken.None);
        var second = dialect.OpenWriteConnectionAsync(CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(second.IsCompleted, "a second writer got a connection while the first held the write gate");

        await first.DisposeAsync();
        await using var next = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Same(first, next);
    }

    [Fact]
    public async Task A_writer_that_is_cancelled_while_waiting_leaves_the_gate_to_the_next()
    {
        var first = await dialect.OpenWriteConnectionAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await dialect.OpenWriteConnectionAsync(cancel.Token));

        await first.DisposeAsync();
        await using var next = await dialect.OpenWriteConnectionAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Same(first, next);
    }

    private static DbCommand WithX(DbCommand command, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@x";
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return command;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static DbCommand Rent(DbConnection connection, string sql) =>
        Assert.IsAssignableFrom<IReusableCommands>(connection).Rent(sql) ?? throw new Xunit.Sdk.XunitException("Nothing to rent.");
}
