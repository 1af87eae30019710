using Provisio.Storage.Tests.Support;

namespace Provisio.Storage.Tests.Sql;

/// <summary>ISqlDialect.TryLockAsync: one holder per key at a time, free again once the lease is disposed.</summary>
public sealed class SqliteWorkLockTests(SqliteStore store) : IClassFixture<SqliteStore>
{
    [Fact]
    public Task A_held_lock_is_refused_to_others_until_released() => WorkLocks.AssertExclusiveAsync(store);
}

public sealed class PostgresWorkLockTests(PostgresStore store) : IClassFixture<PostgresStore>
{
    [Provisio.Tests.Support.PostgresFact]
    public Task A_held_lock_is_refused_to_other_sessions_until_released() => WorkLocks.AssertExclusiveAsync(store);

    [Provisio.Tests.Support.PostgresFact]
    public async Task A_released_lock_does_not_stay_on_the_pooled_connection()
    {
        var key = "test:" + Guid.NewGuid().ToString("N");
        await using (var lease = await store.Dialect.TryLockAsync(key, CancellationToken.None))
        {
            Assert.NotNull(lease);
        }

        // Npgsql resets a returned connection only when it is next used: taken out of the pool but left unused, the
        // lease's old connection would still hold the lock, had it not been unlocked before it went back.
        var idle = new List<System.Data.Common.DbConnection>();
        for (var i = 0; i < 5; i++)
        {
            idle.Add(await store.Dialect.OpenConnectionAsync(CancellationToken.None));
        }
        await using (var again = await store.Dialect.TryLockAsync(key, CancellationToken.None))
        {
            Assert.NotNull(again);
        }
        foreach (var connection in idle)
        {
            await connection.DisposeAsync();
        }
    }
}

internal static class WorkLocks
{
    public static async Task AssertExclusiveAsync(IStoreFixture store)
    {
        var key = "test:" + Guid.NewGuid().ToString("N");
        await using (var first = await store.Dialect.TryLockAsync(key, CancellationToken.None))
        {
            Assert.NotNull(first);
            Assert.Null(await store.Dialect.TryLockAsync(key, CancellationToken.None));
            await using var other = await store.Dialect.TryLockAsync(key + ":other", CancellationToken.None);
            Assert.NotNull(other);
        }
        await using var again = await store.Dialect.TryLockAsync(key, CancellationToken.None);
        Assert.NotNull(again);
    }
}
