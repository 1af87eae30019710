using System.Data.Common;
using System.Text.Json.Nodes;
using Provisio.Storage.Migrations;

namespace Provisio.Storage.Sql;

/// <summary>What differs between the databases Provisio runs on; all other SQL is shared.</summary>
public interface ISqlDialect
{
    /// <summary>Opens a pooled connection, ready for use.</summary>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a connection for a write transaction, begun with <see cref="BeginWriteTransactionAsync"/> at once. A
    /// database with one writer may wait for its turn here and lend the same connection to every writer in turn, so
    /// its cache stays valid from one write to the next.
    /// </summary>
    ValueTask<DbConnection> OpenWriteConnectionAsync(CancellationToken cancellationToken) => OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Parameters a statement built from a list (the rows of a multi-row INSERT) carries at most. Past it the rows go in
    /// more statements: a database that binds each parameter by a search over all of them pays for a long list twice.
    /// </summary>
    int ParametersPerStatement => 65_535;

    /// <summary>
    /// Whether a statement runs inside this process rather than a round trip away: then a single-row statement, prepared
    /// once and run for each row, costs less than one statement of many rows.
    /// </summary>
    bool RunsInProcess => false;

    /// <summary>Rows of <paramref name="parametersPerRow"/> parameters each that one such statement carries: at least one, at most <paramref name="atMost"/>.</summary>
    int RowsPerStatement(int parametersPerRow, int atMost) => Math.Clamp(ParametersPerStatement / parametersPerRow, 1, atMost);

    /// <summary>
    /// An aggregate of a subquery's rows into one JSON array with an array of <paramref name="values"/> per row, in the
    /// order of <paramref name="orderBy"/> (null over no rows); null where the database has none, so a statement's rows
    /// carry no such column and what it would hold is read by a statement of its own.
    /// </summary>
    string? JsonArrayOfRows(string values, string orderBy) => null;

    /// <summary>Starts a transaction that will write, taking the write lock up front where the database needs it.</summary>
    ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Appended to a SELECT that reads a row about to be changed (<c>FOR UPDATE</c>, or nothing).</summary>
    string LockForUpdate { get; }

    /// <summary>
    /// Appended to a SELECT that claims rows of a work queue (<c>FOR UPDATE SKIP LOCKED</c>, or nothing where one writer
    /// at a time makes claims exclusive anyway), so instances sharing a database take different rows.
    /// </summary>
    string SkipLocked { get; }

    /// <summary>Held while migrations run, so instances that start together migrate one at a time.</summary>
    ValueTask<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the lock named <paramref name="key"/> unless someone holds it (another instance on the same database, or
    /// this process); null when someone does. Disposing the lease releases it. Background work that must run once
    /// across instances (a tenant's event delivery, a maintenance job) runs under one.
    /// </summary>
    ValueTask<IAsyncDisposable?> TryLockAsync(string key, CancellationToken cancellationToken);

    /// <summary>Whether a database error means "unavailable for now" (lost connection, server restarting, busy), worth a retry.</summary>
    bool IsTransient(DbException exception);

    /// <summary>Whether a database error is a unique-index violation.</summary>
    bool IsUniqueViolation(DbException exception);

    /// <summary>Whether a database error is a foreign-key violation (a row that names a resource deleted meanwhile).</summary>
    bool IsForeignKeyViolation(DbException exception);

    /// <summary>Whether the database broke a lock cycle by aborting this transaction, which may then simply run again.</summary>
    bool IsDeadlock(DbException exception);

    /// <summary>Whether a database error means a statement was stopped for running too long (a statement or command timeout, an interrupt).</summary>
    bool IsTimeout(DbException exception);

    /// <summary>
    /// Bounds the statements a scan runs on <paramref name="connection"/>: each stops when <paramref name="cancellationToken"/>
    /// fires (the client left, or the scan's deadline passed) and, where the database can enforce it itself, after
    /// <paramref name="limit"/> even if this process is gone. Dispose it before the connection goes back to its pool.
    /// </summary>
    ValueTask<IAsyncDisposable> BoundScanAsync(DbConnection connection, TimeSpan limit, CancellationToken cancellationToken);

    object ToDbTime(DateTimeOffset time);

    DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>A resource's stored JSON document, read from its column.</summary>
    JsonObject ReadDocument(DbDataReader reader, int ordinal);

    object ToDbBoolean(bool value);

    /// <summary>The schema migrations, in order.</summary>
    IReadOnlyList<Migration> Migrations { get; }

    /// <summary>A placeholder whose text value is stored as the document's JSON type.</summary>
    string JsonParameter(string placeholder);

    /// <summary>A number as a parameter value the database compares numerically.</summary>
    object ToDbNumber(decimal value);

    // JSON navigation, for filters and sorting on attributes that have no column of their own.

    /// <summary>The resource document of the row <c>r</c>.</summary>
    SqlJsonNode Document { get; }

    /// <summary>A FROM item over the members of an object node (none when it is not an object); rows have a key.</summary>
    string MembersOf(SqlJsonNode node, string rowName);

    /// <summary>A FROM item over the elements of an array node (none when it is not an array), in array order.</summary>
    string ElementsOf(SqlJsonNode node, string rowName);

    /// <summary>The node reached from <paramref name="node"/> by exact member names (names from a schema, never from input).</summary>
    SqlJsonNode At(SqlJsonNode node, IReadOnlyList<string> keys);

    /// <summary>The node of one row of <see cref="MembersOf"/> or <see cref="ElementsOf"/>.</summary>
    SqlJsonNode Row(string rowName);

    /// <summary>The member name of a <see cref="MembersOf"/> row.</summary>
    string KeyOf(string rowName);

    /// <summary>An expression ordering the rows of <see cref="ElementsOf"/> by array position.</summary>
    string PositionOf(string rowName);

    string IsString(SqlJsonNode node);

    string IsNumber(SqlJsonNode node);

    string IsBoolean(SqlJsonNode node);

    string IsTrue(SqlJsonNode node);

    string IsArray(SqlJsonNode node);

    string IsObject(SqlJsonNode node);

    /// <summary>RFC 7644 "pr": not null, and not an empty string, array or object.</summary>
    string IsPresent(SqlJsonNode node);

    /// <summary>A string node's text.</summary>
    string Text(SqlJsonNode node);

    /// <summary>A number node's value.</summary>
    string Number(SqlJsonNode node);

    /// <summary>Case folding that matches <see cref="Provisio.Scim.Filtering.ScimValues.Fold"/> exactly.</summary>
    string Fold(string expression);

    /// <summary>An xsd:dateTime text as a comparable instant (UTC ticks), null when it is not one.</summary>
    string Instant(string expression);

    string Contains(string text, string part);

    string StartsWith(string text, string part);

    string EndsWith(string text, string part);
}

/// <summary>A JSON value in SQL: an expression for the value and one for its JSON type.</summary>
public sealed record SqlJsonNode(string Value, string Type);
