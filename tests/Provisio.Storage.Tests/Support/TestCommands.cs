using System.Data.Common;

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
}
