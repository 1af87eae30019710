using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Tenancy;

/// <summary>A tenant's page sizes: its own <c>maxPageSize</c> and <c>defaultPageSize</c>, else the server's.</summary>
internal readonly record struct TenantPageSizes(int Default, int Max)
{
    public static TenantPageSizes For(ProvisioOptions options, TenantSettings? settings)
    {
        var max = settings?.MaxPageSize ?? options.MaxPageSize;
        // A tenant that lowers the maximum below the server's default gets pages of its maximum.
        return new TenantPageSizes(Math.Min(settings?.DefaultPageSize ?? options.DefaultPageSize, max), max);
    }
}
