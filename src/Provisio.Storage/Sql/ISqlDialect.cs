using System.Data.Common;
using Provisio.Storage.Migrations;

namespace Provisio.Storage.Sql;

/// <summary>What differs between the databases Provisio runs on; all other SQL is shared.</summary>
public interface ISqlDialect
{
    /// <summary>Opens a pooled connection, ready for use.</summary>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Starts a transaction that will write, taking the write lock up front where the database needs it.</summary>
    ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Appended to a SELECT that reads a row about to be changed (<c>FOR UPDATE</c>, or nothing).</summary>
    string LockForUpdate { get; }

    /// <summary>Whether a database error is a unique-index violation.</summary>
    bool IsUniqueViolation(DbException exception);

    object ToDbTime(DateTimeOffset time);

    DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    object ToDbBoolean(bool value);

    /// <summary>The schema migrations, in order.</summary>
    IReadOnlyList<Migration> Migrations { get; }
}
