using System.Data.Common;
using System.Text.Json;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// Reads the tables behind the API directly (SQLite, or PostgreSQL in the POSTGRES build) and reports what does not
/// add up: membership rows whose group or member is gone or in another tenant, <c>resource_counts</c> that differ from
/// the rows, values of resources that are gone, documents that are not JSON.
/// </summary>
internal sealed class DatabaseConsistency(ProvisioFactory factory)
{
    /// <summary>Every problem found in the whole database, one line each.</summary>
    public async Task<List<string>> ProblemsAsync()
    {
        await using var connection = await OpenAsync();
        var problems = new List<string>();

        await foreach (var row in QueryAsync(connection, """
            SELECT m.tenant_id, m.group_id, m.member_id, m.member_type, g.resource_type, r.resource_type
            FROM group_members m
            LEFT JOIN resources g ON g.tenant_id = m.tenant_id AND g.id = m.group_id
            LEFT JOIN resources r ON r.tenant_id = m.tenant_id AND r.id = m.member_id
            WHERE g.id IS NULL OR g.resource_type <> 'Group' OR r.id IS NULL OR r.resource_type <> m.member_type
            """))
        {
            problems.Add($"group_members ({row[0]}, group {row[1]}, member {row[2]} of type {row[3]}): group is {row[4] ?? "missing"}, member is {row[5] ?? "missing"} in that tenant");
        }

        var actual = new Dictionary<(string, string), long>();
        await foreach (var row in QueryAsync(connection, "SELECT tenant_id, resource_type, COUNT(*) FROM resources GROUP BY tenant_id, resource_type"))
        {
            actual[((string)row[0]!, (string)row[1]!)] = Convert.ToInt64(row[2], System.Globalization.CultureInfo.InvariantCulture);
        }
        var counted = new Dictionary<(string, string), long>();
        await foreach (var row in QueryAsync(connection, "SELECT tenant_id, resource_type, SUM(count) FROM resource_counts GROUP BY tenant_id, resource_type"))
        {
            counted[((string)row[0]!, (string)row[1]!)] = Convert.ToInt64(row[2], System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var key in actual.Keys.Union(counted.Keys))
        {
            var rows = actual.GetValueOrDefault(key);
            if (!counted.TryGetValue(key, out var count) || count != rows)
            {
                problems.Add($"resource_counts {key}: {(counted.ContainsKey(key) ? count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no row")}, but {rows} rows in resources");
            }
        }

        await foreach (var row in QueryAsync(connection, """
            SELECT v.tenant_id, v.resource_id, v.attribute FROM resource_values v
            LEFT JOIN resources r ON r.tenant_id = v.tenant_id AND r.id = v.resource_id
            WHERE r.id IS NULL
            """))
        {
            problems.Add($"resource_values ({row[0]}, {row[1]}, {row[2]}): the resource is gone");
        }

        await foreach (var row in QueryAsync(connection, "SELECT tenant_id, id, CAST(document AS TEXT) FROM resources"))
        {
            try
            {
                using var document = JsonDocument.Parse((string)row[2]!);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"resources ({row[0]}, {row[1]}): document is a JSON {document.RootElement.ValueKind}, not an object");
                }
            }
            catch (JsonException exception)
            {
                problems.Add($"resources ({row[0]}, {row[1]}): document is not JSON ({exception.Message})");
            }
        }
        return problems;
    }

    /// <summary>The ids of one tenant's resources of one type, as stored.</summary>
    public async Task<HashSet<string>> IdsAsync(string tenantId, string resourceType)
    {
        await using var connection = await OpenAsync();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM resources WHERE tenant_id = @tenant AND resource_type = @type";
        AddParameter(command, "@tenant", tenantId);
        AddParameter(command, "@type", resourceType);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private async Task<DbConnection> OpenAsync()
    {
#if POSTGRES
        DbConnection connection = new Npgsql.NpgsqlConnection(factory.PostgresConnectionString);
#else
        DbConnection connection = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(factory.DataDirectory, "provisio.db")};Mode=ReadOnly;Pooling=False");
#endif
        await connection.OpenAsync();
        return connection;
    }

    private static async IAsyncEnumerable<object?[]> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            yield return row;
        }
    }

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
