using System.Text.Json.Nodes;
using Provisio.Storage.Sql;
using Provisio.Storage.Tests.Support;

namespace Provisio.Storage.Tests.Sql;

/// <summary>
/// What a dialect reads back is what was written: every stored time to the tick the database keeps, and a document
/// with characters outside ASCII and escapes the same JSON, whichever way the dialect takes from column to object.
/// </summary>
public sealed class SqliteDialectReadTests(SqliteStore store) : IClassFixture<SqliteStore>
{
    [Fact]
    public Task Times_read_back_to_the_tick_in_UTC() => new DialectReads(store.Dialect).TimesAsync(TimeSpan.FromTicks(1));

    [Fact]
    public Task Documents_read_back_as_written() => new DialectReads(store.Dialect).DocumentsAsync();

    [Theory]
    [InlineData("2026-12-04T17:45:12.1234567Z")]
    [InlineData("2026-12-04T17:45:12.1234567")]
    [InlineData("2026-12-04T17:45:12.1234567+00:00")]
    public async Task A_stored_time_with_or_without_its_Z_reads_as_UTC(string text)
    {
        await using var connection = await store.Dialect.OpenConnectionAsync(CancellationToken.None);
        await using var select = TestCommands.Command(connection, "SELECT @t", ("@t", text));
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        var read = store.Dialect.ReadTime(reader, 0);

        Assert.Equal(new DateTimeOffset(2026, 12, 4, 17, 45, 12, TimeSpan.Zero).AddTicks(1_234_567), read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }
}

public sealed class PostgresDialectReadTests(PostgresStore store) : IClassFixture<PostgresStore>
{
    [Provisio.Tests.Support.PostgresFact]
    public Task Times_read_back_to_the_microsecond_in_UTC() => new DialectReads(store.Dialect).TimesAsync(TimeSpan.FromMicroseconds(1));

    [Provisio.Tests.Support.PostgresFact]
    public Task Documents_read_back_as_written() => new DialectReads(store.Dialect).DocumentsAsync();
}

internal sealed class DialectReads(ISqlDialect dialect)
{
    public async Task TimesAsync(TimeSpan resolution)
    {
        var random = new Random(7);
        var times = new List<DateTimeOffset>
        {
            DateTimeOffset.UnixEpoch,
            new(2026, 12, 4, 17, 45, 12, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567),
            new DateTimeOffset(2999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999),
        };
        for (var i = 0; i < 200; i++)
        {
            times.Add(new DateTimeOffset(random.NextInt64(DateTimeOffset.UnixEpoch.Ticks, new DateTime(2100, 1, 1).Ticks), TimeSpan.Zero));
        }
        await using var connection = await dialect.OpenConnectionAsync(CancellationToken.None);
        foreach (var time in times)
        {
            await using var select = TestCommands.Command(connection, "SELECT @t", ("@t", dialect.ToDbTime(time)));
            await using var reader = await select.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var read = dialect.ReadTime(reader, 0);
            Assert.Equal(TimeSpan.Zero, read.Offset);
            // PostgreSQL keeps microseconds (the last digit may round either way); SQLite keeps every tick.
            Assert.InRange(read.UtcTicks - time.UtcTicks, -(resolution.Ticks - 1), resolution.Ticks - 1);
        }
    }

    public async Task DocumentsAsync()
    {
        string[] documents =
        [
            """{"userName":"plain@example.com","active":true}""",
            """{"displayName":"Zoë Łukasiewicz 日本語 😀","title":"quote \" backslash \\ tab \t"}""",
            """{"name":{"givenName":"\u00e9\u0301","familyName":"\ud83d\ude00"},"emails":[{"value":"a@b.c","primary":true}],"n":1.5e3}""",
        ];
        await using var connection = await dialect.OpenConnectionAsync(CancellationToken.None);
        foreach (var document in documents)
        {
            await using var select = TestCommands.Command(connection, $"SELECT {dialect.JsonParameter("@d")}", ("@d", document));
            await using var reader = await select.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var read = dialect.ReadDocument(reader, 0);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document), read), $"{document} read back as {read.ToJsonString()}");
        }
    }
}
