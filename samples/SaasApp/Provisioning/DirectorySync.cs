using System.Text.Json;
using Microsoft.Data.Sqlite;
using SaasApp.Data;

namespace SaasApp.Provisioning;

/// <summary>
/// Applies the IdP's user changes to the app's database. A leaver (deactivated, deleted or purged) is marked inactive,
/// all their sessions are ended and all their API keys disabled, in one transaction. Delivery is at least once, so
/// each event id is applied once and remembered in that same transaction.
/// </summary>
public sealed class DirectorySync(AppDatabase database, TimeProvider time, ILogger<DirectorySync> logger)
{
    /// <summary>Applies the event; false when it was applied before or is not about a user's lifecycle.</summary>
    public async Task<bool> ApplyAsync(DirectoryEvent change, CancellationToken cancellationToken)
    {
        if (change.ResourceType != "User")
        {
            return false; // groups, memberships: this app has no roles to map them to
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        // Microsoft.Data.Sqlite begins IMMEDIATE: the duplicate check and the write cannot interleave with another delivery.
        await using var transaction = connection.BeginTransaction();
        if (await AlreadyAppliedAsync(transaction, change.Id, cancellationToken))
        {
            Log.EventAlreadyApplied(logger, change.Id, change.Type);
            return false;
        }
        var now = time.GetUtcNow().ToString("O");
        switch (change.Type)
        {
            case "user.created" or "user.updated" or "user.reactivated" or "user.deactivated":
                var active = await UpsertAsync(transaction, change, cancellationToken);
                if (!active)
                {
                    await RevokeAccessAsync(transaction, change.ResourceId, now, cancellationToken);
                }
                // Reactivation lets the user sign in again; their old API keys stay disabled on purpose: a key made
                // before someone left should not come back by itself. The user creates a new one (or an admin re-enables).
                break;
            case "user.deleted" or "user.purged":
                // user.purged carries only the id; user.deleted the user as it was (possibly still active: true).
                await ExecuteAsync(transaction, "UPDATE users SET active = 0 WHERE id = $id", cancellationToken, ("$id", change.ResourceId));
                await RevokeAccessAsync(transaction, change.ResourceId, now, cancellationToken);
                break;
            default:
                return false; // user.password_changed and types to come: nothing to do, nothing to remember
        }
        await ExecuteAsync(transaction, "INSERT INTO processed_events (id, processed) VALUES ($id, $now)", cancellationToken,
            ("$id", change.Id), ("$now", now));
        await transaction.CommitAsync(cancellationToken);
        Log.EventApplied(logger, change.Id, change.Type, change.ResourceId);
        return true;
    }

    /// <summary>Inserts or updates the user from the event's data; returns whether the user is active.</summary>
    private static async Task<bool> UpsertAsync(SqliteTransaction transaction, DirectoryEvent change, CancellationToken cancellationToken)
    {
        var data = change.Data;
        var userName = data.TryGetProperty("userName", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()!
            : throw new InvalidDataException($"Event {change.Id} ({change.Type}) has no data.userName.");
        var displayName = data.TryGetProperty("displayName", out var display) && display.ValueKind == JsonValueKind.String
            ? display.GetString()!
            : userName;
        // SCIM leaves `active` optional; Provisio treats a user without it as active, and so does the app.
        var active = !data.TryGetProperty("active", out var flag) || flag.ValueKind != JsonValueKind.False;
        await ExecuteAsync(transaction, """
            INSERT INTO users (id, user_name, display_name, active) VALUES ($id, $name, $display, $active)
            ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name, display_name = excluded.display_name, active = excluded.active
            """, cancellationToken, ("$id", change.ResourceId), ("$name", userName), ("$display", displayName), ("$active", active));
        return active;
    }

    private static async Task RevokeAccessAsync(SqliteTransaction transaction, string userId, string now, CancellationToken cancellationToken)
    {
        await ExecuteAsync(transaction, "UPDATE sessions SET ended = $now WHERE user_id = $id AND ended IS NULL", cancellationToken,
            ("$id", userId), ("$now", now));
        // Disabled, not deleted: the key's name and dates stay visible for an audit or a later re-enable.
        await ExecuteAsync(transaction, "UPDATE api_keys SET disabled = $now WHERE user_id = $id AND disabled IS NULL", cancellationToken,
            ("$id", userId), ("$now", now));
    }

    private static async Task<bool> AlreadyAppliedAsync(SqliteTransaction transaction, string eventId, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM processed_events WHERE id = $id";
        command.Parameters.AddWithValue("$id", eventId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task ExecuteAsync(SqliteTransaction transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
