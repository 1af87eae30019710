using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Provisio.Scim.Errors;

namespace Provisio.Storage.Sql;

/// <summary>
/// Runs the lists that read a whole tenant (<see cref="ListSql.Scans"/>) within the <see cref="QueryBudget"/>: at most
/// <see cref="QueryBudget.ScansPerTenant"/> at once per tenant, so one tenant's costly reads hold neither the CPU nor
/// the thread pool (SQLite's calls block their thread) nor the connection pool from the others; each stopped after
/// <see cref="QueryBudget.ScanTimeout"/>. A scan waits for its turn before it takes a connection, and without blocking
/// a thread.
/// </summary>
internal sealed class ScanGate(TimeProvider time)
{
    // One entry per tenant that ever scanned: a few hundred bytes each, for tenants that exist.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> tenants = new(StringComparer.Ordinal);

    public async Task<T> RunAsync<T>(string tenantId, QueryBudget budget, Func<CancellationToken, Task<T>> scan, CancellationToken cancellationToken)
    {
        var slots = tenants.GetOrAdd(tenantId, _ => new SemaphoreSlim(budget.ScansPerTenant, budget.ScansPerTenant));
        if (!await slots.WaitAsync(budget.ScanTimeout, cancellationToken))
        {
            // The tenant's earlier scans still run: this one may pass once they end.
            throw new ScimException(429, null,
                $"This tenant already runs {budget.ScansPerTenant} search{(budget.ScansPerTenant == 1 ? "" : "es")} that read every resource; retry later, or use a lookup (userName, externalId, id, displayName or emails.value with eq).")
            {
                RetryAfter = budget.ScanTimeout,
            };
        }
        try
        {
            using var deadline = new CancellationTokenSource(budget.ScanTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                return await scan(linked.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or DbException
                && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw TookTooLong(budget.ScanTimeout);
            }
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>400 rather than 503: sent again, the same filter would take as long again.</summary>
    public static ScimException TookTooLong(TimeSpan? limit) => ScimException.BadRequest(ScimErrorType.InvalidFilter, string.Create(CultureInfo.InvariantCulture,
        $"The filter took too long{(limit is { } l ? $" (more than {l.TotalSeconds:0.###} s)" : "")} and was stopped. Use a lookup (userName, externalId, id, displayName or emails.value with eq) or fewer conditions."));
}
