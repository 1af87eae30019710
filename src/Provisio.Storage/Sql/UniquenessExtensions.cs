using System.Data.Common;
using Provisio.Scim.Errors;

namespace Provisio.Storage.Sql;

internal static class UniquenessExtensions
{
    /// <summary>Runs a write whose unique-index violation is the client's 409 <c>uniqueness</c>, decided by the database.</summary>
    public static async Task ExecuteWithUniquenessAsync(this DbCommand command, ISqlDialect dialect, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException exception) when (dialect.IsUniqueViolation(exception))
        {
            throw ScimException.Conflict("A User with this userName already exists (userName is unique, case-insensitively).");
        }
    }
}
