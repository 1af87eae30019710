using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Provisio.Storage.Sqlite.Connections;

/// <summary>
/// A command that a <see cref="PooledSqliteConnection"/> keeps with its statements prepared: disposing it hands it back
/// (parameters cleared) instead of finalizing them; they are finalized when the connection really closes.
/// </summary>
internal sealed class ReusableSqliteCommand : SqliteCommand
{
    private readonly string sql;
    private readonly PooledSqliteConnection owner;
    private bool rented;
    private bool retired;

    public ReusableSqliteCommand(string sql, PooledSqliteConnection connection)
    {
        this.sql = sql;
        this.owner = connection;
        base.CommandText = sql;
        Connection = connection;
    }

    /// <summary>The SQL is the key it is kept under: it never changes.</summary>
    [AllowNull]
    public override string CommandText
    {
        get => base.CommandText;
        set
        {
            if (!string.Equals(value, sql, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("A reused command keeps its SQL; create a command for other SQL.");
            }
        }
    }

    /// <summary>When it was last rented, in its connection's count of rents.</summary>
    public long LastUsed { get; set; }

    /// <summary>Whether a caller holds it (and has not disposed it).</summary>
    public bool Rented => rented;

    public bool TryRent()
    {
        if (rented)
        {
            return false;
        }
        rented = true;
        return true;
    }

    /// <summary>Finalizes its statements: its connection closes, or a caller never handed it back.</summary>
    public void Retire()
    {
        retired = true;
        Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !retired)
        {
            // The caller is done: the reader it opened is disposed (statements reset) before the command is.
            DataReader?.Dispose();
            DataReader = null;
            Parameters.Clear();
            Transaction = null;
            if (rented)
            {
                rented = false;
                owner.HandedBack();
            }
            return;
        }
        base.Dispose(disposing);
    }
}
