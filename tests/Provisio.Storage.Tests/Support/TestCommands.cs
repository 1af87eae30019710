using System.Data.Common;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Tests.Support;

/// <summary>Plain ADO.NET commands for tests that reach under the stores (the storage's own helpers are internal).</summary>
public static class TestCommands
{
    /// <summary>A command on <paramref name="connection"/>; a parameter whose value is null is left out.</summary>
    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters.Where(p => p.Value is not null))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Runs <paramref name="sql"/> as one write, in its turn at the dialect's write gate, and commits it.</summary>
    public static async Task WriteAsync(ISqlDialect dialect, string sql)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(CancellationToken.None);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, CancellationToken.None);
        await using var command = Command(connection, sql);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
