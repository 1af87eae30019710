using System.Data.Common;

namespace Provisio.Storage.Sql;

/// <summary>
/// Statements of one write that need nothing back from each other, run in the order added. Where a statement is a round
/// trip (PostgreSQL) they go together as one <see cref="DbBatch"/>; in process (SQLite) each runs as its own command,
/// from the connection's prepared ones.
/// </summary>
internal sealed class StatementBatch(DbConnection connection, DbTransaction transaction, ISqlDialect dialect) : IAsyncDisposable
{
    private readonly List<DbCommand> commands = [];

    /// <summary>A statement to bind; it runs with the others at <see cref="ExecuteAsync"/>.</summary>
    public DbCommand Add(string sql)
    {
        var command = connection.CreateCommand(transaction, sql);
        commands.Add(command);
        return command;
    }

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (dialect.RunsInProcess || commands.Count < 2 || !connection.CanCreateBatch)
        {
            foreach (var command in commands)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            return;
        }
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var command in commands)
        {
            var statement = batch.CreateBatchCommand();
            statement.CommandText = command.CommandText;
            foreach (DbParameter bound in command.Parameters)
            {
                var parameter = statement.CreateParameter();
                parameter.ParameterName = bound.ParameterName;
                parameter.Value = bound.Value;
                statement.Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(statement);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in commands)
        {
            await command.DisposeAsync();
        }
    }
}
