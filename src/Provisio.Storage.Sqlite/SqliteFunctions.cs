using Microsoft.Data.Sqlite;
using Provisio.Scim.Filtering;

namespace Provisio.Storage.Sqlite;

/// <summary>
/// SQL functions SQLite lacks, implemented by the same code the in-memory evaluator uses, so both agree to the
/// character: Unicode case folding (SQLite's lower() folds ASCII only) and xsd:dateTime instants.
/// </summary>
internal static class SqliteFunctions
{
    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction<string?, string?>("scim_fold", text => text is null ? null : ScimValues.Fold(text), isDeterministic: true);
        connection.CreateFunction<string?, long?>("scim_instant", ScimValues.InstantTicks, isDeterministic: true);
    }
}
