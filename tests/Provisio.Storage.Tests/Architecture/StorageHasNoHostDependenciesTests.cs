using System.Reflection;
using Provisio.Storage.Postgres;
using Provisio.Storage.Sql;
using Provisio.Storage.Sqlite;

namespace Provisio.Storage.Tests.Architecture;

/// <summary>
/// Storage serves any host (the server, an app that embeds Provisio, the CLI) and knows no HTTP; the shared SQL knows
/// no database driver, which the dialects bring.
/// </summary>
public sealed class StorageHasNoHostDependenciesTests
{
    private static readonly Assembly Shared = typeof(SqlResourceStore).Assembly;
    private static readonly Assembly Sqlite = typeof(SqliteDialect).Assembly;
    private static readonly Assembly Postgres = typeof(PostgresDialect).Assembly;
    private static readonly Assembly[] StorageAssemblies = [Shared, Sqlite, Postgres];

    public static TheoryData<string, string> HostPrefixes()
    {
        var data = new TheoryData<string, string>();
        foreach (var assembly in StorageAssemblies)
        {
            foreach (var prefix in new[] { "Microsoft.AspNetCore", "Provisio.AspNetCore", "Provisio.Server" })
            {
                data.Add(assembly.GetName().Name!, prefix);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HostPrefixes))]
    public void Storage_references_no_host_assembly(string assemblyName, string prefix)
    {
        var assembly = StorageAssemblies.Single(a => a.GetName().Name == assemblyName);

        var references = ReferencesOf(assembly);

        Assert.Contains(references, name => name.StartsWith("Provisio.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("SQLitePCLRaw")]
    [InlineData("Npgsql")]
    public void The_shared_sql_references_no_database_driver(string prefix)
    {
        var references = ReferencesOf(Shared);

        Assert.Contains(references, name => name.StartsWith("System.Data", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    private static List<string> ReferencesOf(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
}
