using Provisio.Scim.Filtering;

namespace Provisio.Scim.Tests.Architecture;

public sealed class CoreHasNoHostDependenciesTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("System.Data")]
    [InlineData("Microsoft.Data")]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.Extensions")]
    public void The_protocol_core_references_no_host_or_storage_assembly(string prefix)
    {
        var references = typeof(FilterParser).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        Assert.Contains(references, name => name.StartsWith("System.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
