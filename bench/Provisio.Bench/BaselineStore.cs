using Microsoft.Data.Sqlite;

namespace Provisio.Bench;

/// <summary>
/// The storage limit: one SQLite statement per request on a WAL database with <c>synchronous=NORMAL</c> (as Provisio
/// runs SQLite), connections pooled as Microsoft.Data.Sqlite does by default. Nothing a SCIM server can do costs less.
/// </summary>
internal sealed class BaselineStore
{
    // synchronous is a per-connection setting and a pooled connection may be new, so it rides along in each command's
    // text; setting it costs no I/O.
    private const string Synchronous = "PRAGMA synchronous = NORMAL;";

    private readonly string connectionString;

    public BaselineStore(string folder)
    {
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "baseline.db") }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, user_name TEXT NOT NULL, active INTEGER NOT NULL, body TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS users_user_name ON users (user_name);
            """;
        create.ExecuteNonQuery();
    }

    /// <summary>The JSON bodies of the users with this userName.</summary>
    public async Task<List<string>> FindAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT body FROM users WHERE user_name = $userName;", ("$userName", userName));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var bodies = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            bodies.Add(reader.GetString(0));
        }
        return bodies;
    }

    public async Task InsertAsync(string id, string userName, string body, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "INSERT INTO users (id, user_name, active, body) VALUES ($id, $userName, 1, $body);",
            ("$id", id), ("$userName", userName), ("$body", body));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeactivateAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "UPDATE users SET active = 0 WHERE id = $id;", ("$id", id));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, string Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = Synchronous + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
