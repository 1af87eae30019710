using System.Collections.Concurrent;

namespace Provisio.AspNetCore.Endpoints;

/// <summary>
/// Bounds the CPU that password hashing takes. PBKDF2 costs about 100 ms of a core by design, so a tenant that sends
/// passwords in a loop could otherwise fill every core: each tenant hashes one password at a time, and all tenants
/// together use at most half the cores, so requests without a password always find a core.
/// </summary>
internal sealed class PasswordHashGate : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> tenants = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim all = new(Math.Max(1, Environment.ProcessorCount / 2));

    public async Task<T> RunAsync<T>(string tenantId, Func<T> hash, CancellationToken cancellationToken)
    {
        var tenant = tenants.GetOrAdd(tenantId, _ => new SemaphoreSlim(1));
        await tenant.WaitAsync(cancellationToken);
        try
        {
            await all.WaitAsync(cancellationToken);
            try
            {
                return hash();
            }
            finally
            {
                all.Release();
            }
        }
        finally
        {
            tenant.Release();
        }
    }

    public void Dispose()
    {
        all.Dispose();
        foreach (var gate in tenants.Values)
        {
            gate.Dispose();
        }
    }
}
