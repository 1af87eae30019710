using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using SaasApp.Data;

namespace SaasApp.Accounts;

/// <summary>Per-user API keys: random, shown once, stored as their SHA-256 hash.</summary>
public sealed class ApiKeyStore(AppDatabase database, TimeProvider time)
{
    private const string Prefix = "sk_";

    /// <summary>Creates a key for the user and returns it in clear: the only time it exists outside the caller.</summary>
    public async Task<(string KeyId, string Key)> CreateAsync(string userId, string name, CancellationToken cancellationToken)
    {
        var keyId = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var key = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO api_keys (id, user_id, hash, name, created) VALUES ($id, $user, $hash, $name, $now)";
        command.Parameters.AddWithValue("$id", keyId);
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$hash", Hash(key));
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToString("O"));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (keyId, key);
    }

    /// <summary>The key's id and user when the key exists, is not disabled and its user is active; null otherwise.</summary>
    public async Task<(string KeyId, AppUser User)?> AuthenticateAsync(string key, CancellationToken cancellationToken)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Looked up by hash: the database never sees the key, and a timing difference reveals nothing about it.
        command.CommandText = """
            SELECT u.id, u.user_name, u.display_name, u.active, k.id
            FROM api_keys k JOIN users u ON u.id = k.user_id
            WHERE k.hash = $hash AND k.disabled IS NULL AND u.active = 1
            """;
        command.Parameters.AddWithValue("$hash", Hash(key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(4), SessionStore.ReadUser(reader)) : null;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
