using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using SaasApp.Data;

namespace SaasApp.Accounts;

/// <summary>Server-side sign-in sessions: a row per sign-in, ended by sign-out or by the directory.</summary>
public sealed class SessionStore(AppDatabase database, TimeProvider time)
{
    /// <summary>Starts a session for the active user with that userName; null when there is none.</summary>
    public async Task<(string SessionId, AppUser User)?> StartAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var user = await FindActiveUserAsync(connection, userName, cancellationToken);
        if (user is null)
        {
            return null;
        }
        // 256 random bits: the id is what the cookie carries, so it must not be guessable.
        var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO sessions (id, user_id, created) VALUES ($id, $user, $now)";
        insert.Parameters.AddWithValue("$id", sessionId);
        insert.Parameters.AddWithValue("$user", user.Id);
        insert.Parameters.AddWithValue("$now", time.GetUtcNow().ToString("O"));
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return (sessionId, user);
    }

    /// <summary>The session's user while the session is live and the user active; null otherwise.</summary>
    public async Task<AppUser?> FindLiveAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT u.id, u.user_name, u.display_name, u.active
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id = $id AND s.ended IS NULL AND u.active = 1
            """;
        command.Parameters.AddWithValue("$id", sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadUser(reader) : null;
    }

    public async Task EndAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE sessions SET ended = $now WHERE id = $id AND ended IS NULL";
        command.Parameters.AddWithValue("$id", sessionId);
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToString("O"));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<AppUser?> FindActiveUserAsync(SqliteConnection connection, string userName, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // SCIM userName is case-insensitive; the IdP keeps it unique among its live users.
        command.CommandText = """
            SELECT id, user_name, display_name, active FROM users
            WHERE user_name = $name COLLATE NOCASE AND active = 1
            """;
        command.Parameters.AddWithValue("$name", userName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadUser(reader) : null;
    }

    internal static AppUser ReadUser(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3));
}
