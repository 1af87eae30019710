using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Provisio.Scim.Resources;

namespace Provisio.Storage.Sql;

/// <summary>
/// The UPDATE of a resource's row that sets only the key columns whose values changed. SQLite rewrites the entry of
/// every index on a column the statement sets, whether its value changed or not: a PATCH of <c>active</c> that set every
/// key also rewrote the userName, displayName and externalId indexes' pages (48.8 KB written per PATCH, 38.8 KB now).
/// PostgreSQL compares the values itself, so there the two are alike.
/// </summary>
internal static class ResourceUpdate
{
    [Flags]
    private enum Keys
    {
        None = 0,
        UserName = 1,
        DisplayName = 2,
        Display = 4,
        ExternalId = 8,
        Active = 16,
        Password = 32,
    }

    /// <summary>Statement texts by the keys they set and the dialect's JSON parameter: a handful in practice, each kept prepared.</summary>
    private static readonly ConcurrentDictionary<(Keys, string), string> Statements = new();

    /// <summary>
    /// Adds the UPDATE of <paramref name="updated"/>'s row. The unique externalId is set with the externalId: the
    /// tenant's setting rewrites it on every row when it changes, so an unchanged externalId has it right already.
    /// </summary>
    public static DbCommand Add(StatementBatch writes, ISqlDialect dialect, string tenantId, ScimResource updated, ResourceKeys previous, ResourceKeys keys, string? uniqueExternalId, string? passwordHash)
    {
        var changed = Keys.None;
        changed |= previous.UserName != keys.UserName ? Keys.UserName : Keys.None;
        changed |= previous.DisplayName != keys.DisplayName ? Keys.DisplayName : Keys.None;
        changed |= previous.Display != keys.Display ? Keys.Display : Keys.None;
        changed |= previous.ExternalId != keys.ExternalId ? Keys.ExternalId : Keys.None;
        changed |= previous.Active != keys.Active ? Keys.Active : Keys.None;
        changed |= passwordHash is not null ? Keys.Password : Keys.None;
        var json = dialect.JsonParameter("@document");
        var command = writes.Add(Statements.GetOrAdd((changed, json), static key => Sql(key.Item1, key.Item2)))
            .With("@tenant", tenantId)
            .With("@id", updated.Id)
            .With("@version", updated.Meta.Version)
            .With("@lastModified", dialect.ToDbTime(updated.Meta.LastModified))
            .With("@document", updated.Attributes.ToJsonString());
        if (changed.HasFlag(Keys.UserName))
        {
            command.With("@userName", keys.UserName);
        }
        if (changed.HasFlag(Keys.DisplayName))
        {
            command.With("@displayName", keys.DisplayName);
        }
        if (changed.HasFlag(Keys.Display))
        {
            command.With("@display", keys.Display);
        }
        if (changed.HasFlag(Keys.ExternalId))
        {
            command.With("@externalId", keys.ExternalId).With("@uniqueExternalId", uniqueExternalId);
        }
        if (changed.HasFlag(Keys.Active))
        {
            command.With("@active", keys.Active is { } active ? dialect.ToDbBoolean(active) : null);
        }
        if (changed.HasFlag(Keys.Password))
        {
            command.With("@password", passwordHash);
        }
        return command;
    }

    private static string Sql(Keys changed, string jsonParameter)
    {
        var set = new StringBuilder();
        void Set(Keys key, string assignment)
        {
            if (changed.HasFlag(key))
            {
                set.Append(assignment).Append(", ");
            }
        }
        Set(Keys.UserName, "user_name = @userName");
        Set(Keys.DisplayName, "display_name = @displayName");
        Set(Keys.Display, "display = @display");
        Set(Keys.ExternalId, "external_id = @externalId, unique_external_id = @uniqueExternalId");
        Set(Keys.Active, "active = @active");
        Set(Keys.Password, "password_hash = @password");
        return $"""
            UPDATE resources
               SET {set}version = @version, last_modified = @lastModified, document = {jsonParameter}
             WHERE tenant_id = @tenant AND id = @id
            """;
    }
}
