using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Sql;

namespace Provisio.Server.Tests.Tenants;

/// <summary>Reads the schema for the tables that hold tenants' rows, counts a tenant's rows in them, and writes rows straight into them.</summary>
internal static class TenantRows
{
    /// <summary>Every table with a <c>tenant_id</c> column, read from the database's own catalogue.</summary>
    public static async Task<List<string>> TablesAsync(ProvisioFactory factory)
    {
#if POSTGRES
        const string sql = "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'tenant_id' ORDER BY table_name";
#else
        const string sql = "SELECT m.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'tenant_id' ORDER BY m.name";
#endif
        var tables = new List<string>();
        await using var connection = await factory.Services.GetRequiredService<ISqlDialect>().OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }

    /// <summary>The tenant's rows per table: every table with a <c>tenant_id</c> column, and <c>tenants</c> itself.</summary>
    public static async Task<Dictionary<string, long>> CountAsync(ProvisioFactory factory, string tenant)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in await TablesAsync(factory))
        {
            counts[table] = await ScalarAsync(factory, $"SELECT COUNT(*) FROM {table} WHERE tenant_id = @tenant", ("@tenant", tenant));
        }
        counts["tenants"] = await ScalarAsync(factory, "SELECT COUNT(*) FROM tenants WHERE id = @tenant", ("@tenant", tenant));
        return counts;
    }

    public static async Task<long> ScalarAsync(ProvisioFactory factory, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await factory.Services.GetRequiredService<ISqlDialect>().OpenConnectionAsync(CancellationToken.None);
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(ProvisioFactory factory, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await factory.Services.GetRequiredService<ISqlDialect>().OpenConnectionAsync(CancellationToken.None);
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
