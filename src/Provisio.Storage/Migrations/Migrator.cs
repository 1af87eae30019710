using System.Data.Common;
using System.Reflection;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Migrations;

/// <summary>Brings a database to the newest schema: each migration not yet recorded runs in its own transaction.</summary>
public sealed class Migrator(ISqlDialect dialect, TimeProvider time)
{
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var exclusive = await dialect.LockMigrationsAsync(connection, cancellationToken);
        await using (var create = connection.CreateCommand(null,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        var applied = 0;
        foreach (var migration in dialect.Migrations.OrderBy(m => m.Version))
        {
            await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
            if (await IsAppliedAsync(connection, transaction, migration, cancellationToken))
            {
                continue;
            }
            await using (var run = connection.CreateCommand(transaction, migration.Sql))
            {
                await run.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var record = connection.CreateCommand(transaction,
                "INSERT INTO schema_migrations (version, name, applied) VALUES (@version, @name, @applied)"))
            {
                await record.With("@version", migration.Version).With("@name", migration.Name)
                    .With("@applied", time.GetUtcNow().ToString("O")).ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            applied++;
        }
        return applied;
    }

    /// <summary>The newest migration this build knows.</summary>
    public int LatestVersion => dialect.Migrations.Count == 0 ? 0 : dialect.Migrations.Max(m => m.Version);

    /// <summary>
    /// The newest migration the database has applied. One short query, which also proves the
    /// database answers.
    /// </summary>
    public async Task<int> AppliedVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, "SELECT MAX(version) FROM schema_migrations");
        // Fails on a database never migrated (no schema_migrations table): not ready either way.
        var value = await select.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Answers the database's cheapest query: whether it is reachable now.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null, "SELECT 1");
        await select.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Reads <c>NNNN_name.sql</c> embedded resources of an assembly as migrations.</summary>
    public static IReadOnlyList<Migration> FromEmbeddedScripts(Assembly assembly, string resourcePrefix)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal)))
        {
            var fileName = resource[resourcePrefix.Length..];
            var version = int.Parse(fileName.AsSpan(0, fileName.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            migrations.Add(new Migration(version, Path.GetFileNameWithoutExtension(fileName), reader.ReadToEnd()));
        }
        return migrations;
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction transaction, Migration migration, CancellationToken cancellationToken)
    {
        await using var check = connection.CreateCommand(transaction, "SELECT COUNT(*) FROM schema_migrations WHERE version = @version");
        return Convert.ToInt64(await check.With("@version", migration.Version).ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
