using System.Data.Common;
using Provisio.Scim.Errors;

namespace Provisio.Storage.Sql;

internal static class UniquenessExtensions
{
    /// <summary>
    /// The column of the externalId uniqueness index: SQLite names the columns of the violated index in its message,
    /// PostgreSQL the index (<c>ux_resources_unique_external_id</c>), and both contain it.
    /// </summary>
    private const string UniqueExternalId = "unique_external_id";

    /// <summary>
    /// Runs a write's statements, of which only the resource's row has unique indexes: their violation is the client's
    /// 409 <c>uniqueness</c>, decided by the database.
    /// </summary>
    public static async Task ExecuteWithUniquenessAsync(this StatementBatch batch, ISqlDialect dialect, CancellationToken cancellationToken)
    {
        try
        {
            await batch.ExecuteAsync(cancellationToken);
        }
        catch (DbException exception) when (dialect.IsUniqueViolation(exception))
        {
            throw exception.Message.Contains(UniqueExternalId, StringComparison.Ordinal)
                ? ScimException.Conflict("A User with this externalId already exists (the tenant makes externalId unique).")
                : ScimException.Conflict("A User with this userName already exists (userName is unique, case-insensitively).");
        }
    }
}
