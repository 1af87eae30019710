using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;
using Provisio.Storage.Migrations;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Postgres;

/// <summary>
/// PostgreSQL: documents as jsonb, times as timestamptz, row locks for writes, and a pooled
/// <see cref="NpgsqlDataSource"/>. The database must be created with <c>LC_COLLATE 'C'</c> (code-point order, as the
/// protocol core compares) and a UTF-8 <c>LC_CTYPE</c> (Unicode case folding): see docs/operations.md.
/// </summary>
public sealed class PostgresDialect(NpgsqlDataSource dataSource) : ISqlDialect
{
    private const string UniqueViolation = "23505";
    private const string ForeignKeyViolation = "23503";
    private const string DeadlockDetected = "40P01";
    private const string QueryCanceled = "57014";

    /// <summary>Any fixed number: every instance takes the same lock while it migrates.</summary>
    private const long MigrationLockKey = 0x50726F7669736F;

    private static readonly IReadOnlyList<Migration> Scripts =
        Migrator.FromEmbeddedScripts(typeof(PostgresDialect).Assembly, "Provisio.Storage.Postgres.Migrations.");

    public string LockForUpdate => " FOR UPDATE";

    public string SkipLocked => " FOR UPDATE SKIP LOCKED";

    public IReadOnlyList<Migration> Migrations => Scripts;

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    public async ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public async ValueTask<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Several instances starting at once: one migrates, the others wait and then find nothing to do.
        await using (var take = connection.CreateCommand())
        {
            take.CommandText = $"SELECT pg_advisory_lock({MigrationLockKey})";
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        return new MigrationLock(connection);
    }

    /// <summary>
    /// A session-level advisory lock, <c>pg_try_advisory_lock(hashtext(key))</c>, held on a connection of its own for
    /// as long as the lease lives: no transaction stays open while the work under it runs (handlers may be slow), and
    /// an instance that dies loses its session and with it the lock. Two keys that hash alike merely take turns.
    /// </summary>
    public async ValueTask<IAsyncDisposable?> TryLockAsync(string key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        bool taken;
        try
        {
            await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext(@key))", connection);
            take.Parameters.AddWithValue("key", key);
            // Not cancellable: a cancel that arrives after the server took the lock would leave it on a pooled connection.
            taken = (bool)(await take.ExecuteScalarAsync(CancellationToken.None))!;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        if (!taken)
        {
            await connection.DisposeAsync();
            return null;
        }
        return new AdvisoryLease(connection, key);
    }

    /// <summary>
    /// Unlocks before the connection goes back to the pool: Npgsql resets a returned connection only when it is next
    /// used, so an idle pooled connection would keep the lock and stall every other instance.
    /// </summary>
    private sealed class AdvisoryLease(NpgsqlConnection connection, string key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext(@key))", connection);
                release.Parameters.AddWithValue("key", key);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The lock lives as long as the session: have the pool close this connection instead of reusing it.
                NpgsqlConnection.ClearPool(connection);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    public bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: UniqueViolation };

    public bool IsForeignKeyViolation(DbException exception) => exception is PostgresException { SqlState: ForeignKeyViolation };

    public bool IsDeadlock(DbException exception) => exception is PostgresException { SqlState: DeadlockDetected };

    /// <summary>57014 query_canceled (statement_timeout, a cancel request), or Npgsql's command timeout.</summary>
    public bool IsTimeout(DbException exception) =>
        exception is PostgresException { SqlState: QueryCanceled } || exception is NpgsqlException { InnerException: TimeoutException };

    /// <summary>
    /// Npgsql cancels by itself (a cancelled token sends PostgreSQL a cancel request); <c>statement_timeout</c> also has
    /// the server stop a scan whose client is gone, which a cancel request from a dead process never would.
    /// </summary>
    public async ValueTask<IAsyncDisposable> BoundScanAsync(DbConnection connection, TimeSpan limit, CancellationToken cancellationToken)
    {
        var milliseconds = Math.Max(1, (long)Math.Ceiling(limit.TotalMilliseconds));
        await using (var set = new NpgsqlCommand("SELECT set_config('statement_timeout', @limit, false)", (NpgsqlConnection)connection))
        {
            set.Parameters.AddWithValue("limit", milliseconds.ToString(CultureInfo.InvariantCulture));
            await set.ExecuteNonQueryAsync(cancellationToken);
        }
        return new StatementTimeoutReset(connection);
    }

    /// <summary>Puts the pooled connection back to the server's default, so the limit never reaches a write.</summary>
    private sealed class StatementTimeoutReset(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State != System.Data.ConnectionState.Open)
            {
                return;
            }
            try
            {
                await using var reset = new NpgsqlCommand("RESET statement_timeout", (NpgsqlConnection)connection);
                await reset.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // The connection broke under the scan: the pool discards it, and the setting with it. The scan's own
                // error is the one worth reporting.
            }
        }
    }

    /// <summary>Npgsql marks lost connections, refused connections and server shutdowns as transient.</summary>
    public bool IsTransient(DbException exception) => exception is NpgsqlException { IsTransient: true };

    public object ToDbTime(DateTimeOffset time) => time.ToUniversalTime();

    public DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public JsonObject ReadDocument(DbDataReader reader, int ordinal) => JsonNode.Parse(reader.GetString(ordinal)) as JsonObject ?? [];

    public object ToDbBoolean(bool value) => value;

    public string? JsonArrayOfRows(string values, string orderBy) => $"json_agg(json_build_array({values}) ORDER BY {orderBy})";

    public string JsonParameter(string placeholder) => $"CAST({placeholder} AS jsonb)";

    public object ToDbNumber(decimal value) => value;

    public SqlJsonNode Document { get; } = new("r.document", "'object'");

    public string MembersOf(SqlJsonNode node, string rowName) =>
        $"jsonb_each(CASE WHEN {node.Type} = 'object' THEN {node.Value} ELSE '{{}}'::jsonb END) AS {rowName}(key, value)";

    public string ElementsOf(SqlJsonNode node, string rowName) =>
        $"jsonb_array_elements(CASE WHEN {node.Type} = 'array' THEN {node.Value} ELSE '[]'::jsonb END) WITH ORDINALITY AS {rowName}(value, position)";

    public SqlJsonNode At(SqlJsonNode node, IReadOnlyList<string> keys)
    {
        var path = "'{" + string.Join(',', keys.Select(k => "\"" + k.Replace("\"", "", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "\"")) + "}'";
        var value = $"({node.Value} #> {path})";
        return new(value, $"jsonb_typeof({value})");
    }

    public SqlJsonNode Row(string rowName) => new($"{rowName}.value", $"jsonb_typeof({rowName}.value)");

    public string KeyOf(string rowName) => $"{rowName}.key";

    public string PositionOf(string rowName) => $"{rowName}.position";

    public string IsString(SqlJsonNode node) => $"({node.Type} = 'string')";

    public string IsNumber(SqlJsonNode node) => $"({node.Type} = 'number')";

    public string IsBoolean(SqlJsonNode node) => $"({node.Type} = 'boolean')";

    public string IsTrue(SqlJsonNode node) => $"({node.Value} = 'true'::jsonb)";

    public string IsArray(SqlJsonNode node) => $"({node.Type} = 'array')";

    public string IsObject(SqlJsonNode node) => $"({node.Type} = 'object')";

    public string IsPresent(SqlJsonNode node) =>
        $"({node.Type} IS NOT NULL AND {node.Type} <> 'null' AND {node.Value} NOT IN ('\"\"'::jsonb, '[]'::jsonb, '{{}}'::jsonb))";

    public string Text(SqlJsonNode node) => $"({node.Value} #>> '{{}}')";

    public string Number(SqlJsonNode node) => $"(CASE WHEN {node.Type} = 'number' THEN ({node.Value} #>> '{{}}')::numeric END)";

    public string Fold(string expression) => $"scim_fold({expression})";

    public string Instant(string expression) => $"scim_instant({expression})";

    public string Contains(string text, string part) => $"(strpos({text}, {part}) > 0)";

    public string StartsWith(string text, string part) => $"(left({text}, length({part})) = {part})";

    public string EndsWith(string text, string part) => $"(right({text}, length({part})) = {part})";

    private sealed class MigrationLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var release = connection.CreateCommand();
            release.CommandText = $"SELECT pg_advisory_unlock({MigrationLockKey})";
            await release.ExecuteNonQueryAsync();
        }
    }
}
