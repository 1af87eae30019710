using System.Data.Common;

namespace Provisio.Storage.Sql;

internal static class DbCommandExtensions
{
    public static DbCommand CreateCommand(this DbConnection connection, DbTransaction? transaction, string sql)
    {
        if (connection is IReusableCommands reusable && reusable.Rent(sql) is { } prepared)
        {
            prepared.Transaction = transaction;
            return prepared;
        }
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static DbCommand With(this DbCommand command, IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }
        return command;
    }

    /// <summary>A command whose <c>{ids}</c> placeholder becomes a parameter list, one parameter per id.</summary>
    public static DbCommand CreateInListCommand(this DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<string> ids)
    {
        var names = ids.Select((_, i) => $"@in{i}").ToList();
        var command = connection.CreateCommand(transaction, sql.Replace("{ids}", string.Join(", ", names), StringComparison.Ordinal));
        for (var i = 0; i < ids.Count; i++)
        {
            command.With(names[i], ids[i]);
        }
        return command;
    }
}
