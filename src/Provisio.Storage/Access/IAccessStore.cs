namespace Provisio.Storage.Access;

/// <summary>Users' effective access, for the admin API and for embedded hosts, and its recomputation after configuration changes.</summary>
public interface IAccessStore
{
    /// <summary>The user's effective access, or null when the tenant has no such user.</summary>
    Task<UserAccess?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken);

    /// <summary>The tenants whose configuration changed since their users' access was last computed.</summary>
    Task<IReadOnlyList<string>> PendingRecomputationsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Computes the access of every user of the tenant again, <paramref name="batchSize"/> users per transaction, each
    /// batch with its events; then clears the tenant's request unless a newer one came meanwhile. Callers make it
    /// exclusive per tenant (see <see cref="Sql.ISqlDialect.TryLockAsync"/>).
    /// </summary>
    Task<int> RecomputeAsync(string tenantId, int batchSize, CancellationToken cancellationToken);
}
