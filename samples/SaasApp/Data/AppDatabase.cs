using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SaasApp.Data;

/// <summary>
/// The app's own SQLite database (<c>app.db</c>): users as the IdP provisioned them, sign-in sessions, API keys, and
/// the ids of the directory events already applied. Created on start; kept apart from Provisio's own tables.
/// </summary>
public sealed class AppDatabase(IOptions<SaasAppOptions> options) : IHostedService
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;

        CREATE TABLE IF NOT EXISTS users (
            id           TEXT PRIMARY KEY,  -- the SCIM id: events name users by it, userName may change
            user_name    TEXT NOT NULL,
            display_name TEXT NOT NULL,
            active       INTEGER NOT NULL
        );
        -- Not unique: a deleted user stays here (inactive) while the IdP may give its userName to someone new.
        CREATE INDEX IF NOT EXISTS users_by_name ON users (user_name COLLATE NOCASE);

        -- Server-side sessions: the cookie only carries the id, so ending the row ends the session.
        CREATE TABLE IF NOT EXISTS sessions (
            id      TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id),
            created TEXT NOT NULL,
            ended   TEXT
        );
        CREATE INDEX IF NOT EXISTS live_sessions_by_user ON sessions (user_id) WHERE ended IS NULL;

        -- Only the SHA-256 of a key is kept; disabled, never deleted, so the user and an admin can see what it was.
        CREATE TABLE IF NOT EXISTS api_keys (
            id       TEXT PRIMARY KEY,
            user_id  TEXT NOT NULL REFERENCES users (id),
            hash     TEXT NOT NULL UNIQUE,
            name     TEXT NOT NULL,
            created  TEXT NOT NULL,
            disabled TEXT
        );
        CREATE INDEX IF NOT EXISTS api_keys_by_user ON api_keys (user_id);

        -- Delivery is at least once: an event id found here was applied already.
        CREATE TABLE IF NOT EXISTS processed_events (
            id        TEXT PRIMARY KEY,
            processed TEXT NOT NULL
        );
        """;

    private readonly string connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(options.Value.DataDirectory, "app.db"),
        ForeignKeys = true,
    }.ToString();

    /// <summary>An open connection; dispose it when done (connections are pooled).</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.DataDirectory);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
