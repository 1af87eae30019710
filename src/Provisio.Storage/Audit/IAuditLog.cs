namespace Provisio.Storage.Audit;

/// <summary>
/// The audit log. A successful SCIM write's row is written by <see cref="IResourceStore"/> in the write's transaction;
/// this writes the others (refused writes, audited reads) and reads and prunes the log.
/// </summary>
public interface IAuditLog
{
    /// <summary>Writes a row on its own (for a request that committed nothing).</summary>
    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>One page of a tenant's log, newest first, and whether older rows match too.</summary>
    Task<(IReadOnlyList<AuditEntry> Entries, bool HasMore)> QueryAsync(string tenantId, AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes a tenant's rows older than <paramref name="before"/>; returns how many.</summary>
    Task<long> PruneAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken);
}
