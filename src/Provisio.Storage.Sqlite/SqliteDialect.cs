using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Provisio.Storage.Migrations;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Sqlite;

/// <summary>SQLite in WAL mode: readers never block the one writer; writers take the lock when they begin.</summary>
public sealed class SqliteDialect : ISqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static readonly IReadOnlyList<Migration> Scripts =
        Migrator.FromEmbeddedScripts(typeof(SqliteDialect).Assembly, "Provisio.Storage.Sqlite.Migrations.");

    private readonly string connectionString;

    public SqliteDialect(string connectionString)
    {
        this.connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = true }.ToString();
        using var connection = new SqliteConnection(this.connectionString);
        connection.Open();
        using var wal = connection.CreateCommand();
        // WAL is a property of the database file, so set once; readers then run beside the writer.
        wal.CommandText = "PRAGMA journal_mode = WAL;";
        wal.ExecuteNonQuery();
    }

    public string LockForUpdate => "";

    public IReadOnlyList<Migration> Migrations => Scripts;

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // Microsoft.Data.Sqlite begins IMMEDIATE unless told otherwise: the write lock is taken now, so two writers
        // queue instead of failing to upgrade a read lock later.
        await connection.BeginTransactionAsync(cancellationToken);

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    public object ToDbTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public object ToDbBoolean(bool value) => value ? 1 : 0;
}
