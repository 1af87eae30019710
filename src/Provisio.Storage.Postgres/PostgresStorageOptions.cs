using System.Data.Common;
using Npgsql;

namespace Provisio.Storage.Postgres;

/// <summary>How to reach PostgreSQL.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>An Npgsql connection string (Host, Port, Database, Username, Password, pool sizes, timeouts).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long a pooled connection serves before it is replaced, unless the connection string says.</summary>
    public const int DefaultConnectionLifetimeSeconds = 300;

    public NpgsqlDataSource CreateDataSource()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException("PostgreSQL storage needs Provisio:Storage:ConnectionString.");
        }
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        var written = WrittenKeywords();
        // Fail fast when the database is away, so a request gets a 503 instead of hanging.
        if (!written.Contains("Timeout"))
        {
            builder.Timeout = 5;
        }
        if (!written.Contains("CommandTimeout"))
        {
            builder.CommandTimeout = 30;
        }
        // The same few statements run on every request: prepared on each connection once used a few times, they skip
        // PostgreSQL's parse and plan (the connection string may set its own number, 0 to turn this off).
        if (!written.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        // A plan PostgreSQL cached before a table had statistics can outlive them (an ANALYZE that finds the row count
        // its VACUUM wrote makes no connection replan): renewing connections every 5 minutes instead of Npgsql's hour
        // bounds how long (docs/operations.md, planner statistics).
        if (!written.Contains("ConnectionLifetime") && !written.Contains("LoadBalanceTimeout"))
        {
            builder.ConnectionLifetime = DefaultConnectionLifetimeSeconds;
        }
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>
    /// The settings the connection string itself names, as Npgsql's keywords without spaces (Npgsql's own builder
    /// reports every keyword it knows as present, so the string is read by the plain one).
    /// </summary>
    private HashSet<string> WrittenKeywords() =>
        new DbConnectionStringBuilder { ConnectionString = ConnectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
