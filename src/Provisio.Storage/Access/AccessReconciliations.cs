using System.Data.Common;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Access;

/// <summary>
/// Asks for a tenant's effective access to be computed again (a row in <c>access_reconciliations</c>), inside the
/// transaction of the configuration change that calls for it: a crash between the two cannot lose the recomputation.
/// </summary>
internal static class AccessReconciliations
{
    public static async Task RequestAsync(ISqlDialect dialect, DbConnection connection, DbTransaction transaction, string tenantId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var request = connection.CreateCommand(transaction, """
            INSERT INTO access_reconciliations (tenant_id, requested) VALUES (@tenant, @requested)
            ON CONFLICT (tenant_id) DO UPDATE SET requested = excluded.requested
            """);
        await request.With("@tenant", tenantId).With("@requested", dialect.ToDbTime(now)).ExecuteNonQueryAsync(cancellationToken);
    }
}
