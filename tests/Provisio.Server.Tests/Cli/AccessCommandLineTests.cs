using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Access;

namespace Provisio.Server.Tests.Cli;

/// <summary><c>provisio access …</c>: group mappings and roles from the command line, stored where the server reads them (issue #13).</summary>
public sealed class AccessCommandLineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("provisio-cli-").FullName;

    [Fact]
    public async Task Groups_are_mapped_listed_replaced_and_unmapped_from_the_command_line()
    {
        await RunAsync("tenants", "create", "acme");

        var (code, output) = await RunAsync("access", "map", "--tenant", "acme", "--group", "SaaS-Admins", "--roles", "admin, billing");
        Assert.Equal(0, code);
        Assert.Contains("Mapped group 'saas-admins' (by name)", output, StringComparison.Ordinal);
        (code, _) = await RunAsync("access", "map", "--tenant", "acme", "--group", "9f3a", "--by", "id", "--workspaces", "finance");
        Assert.Equal(0, code);
        (code, output) = await RunAsync("access", "map", "--tenant", "acme", "--group", "saas-admins", "--roles", "owner", "--workspaces", "all-hands");
        Assert.Equal(0, code);
        Assert.Contains("Replaced the mapping of group 'saas-admins'", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("access", "list", "--tenant", "acme");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal("ID\tGROUP\tBY\tROLES\tWORKSPACES\tCREATED", lines[0]);
        Assert.Matches("^map_[0-9a-f]{24}\tsaas-admins\tname\towner\tall-hands\t", lines[1]);
        Assert.Matches("^map_[0-9a-f]{24}\t9f3a\tid\t-\tfinance\t", lines[2]);
        Assert.Contains("sync-groups            all", output, StringComparison.Ordinal);
        Assert.Contains("protected-role-policy  refuse", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("access", "unmap", "--tenant", "acme", "--group", "SAAS-ADMINS");
        Assert.Equal(0, code);
        Assert.Contains("Unmapped", output, StringComparison.Ordinal);
        (code, output) = await RunAsync("access", "unmap", "--tenant", "acme", "--group", "9f3a");
        Assert.Equal(1, code);
        Assert.Contains("no mapping of group '9f3a' by name", output, StringComparison.Ordinal);

        using var server = new ProvisioFactory(folder);
        var mapping = Assert.Single(await server.Services.GetRequiredService<IAccessConfigurationStore>().ListMappingsAsync("acme", CancellationToken.None));
        Assert.Equal((GroupReference.Id, "9f3a"), (mapping.ReferenceKind, mapping.Group));
        Assert.Equal(["finance"], mapping.Workspaces);
    }

    [Fact]
    public async Task Roles_are_protected_ranked_and_unprotected_keeping_what_is_not_given()
    {
        await RunAsync("tenants", "create", "acme");

        var (code, output) = await RunAsync("access", "protect", "--tenant", "acme", "--role", "admin", "--rank", "100");
        Assert.Equal(0, code);
        Assert.Contains("Role 'admin': rank 100, protected.", output, StringComparison.Ordinal);
        (code, _) = await RunAsync("access", "rank", "--tenant", "acme", "--role", "viewer", "--rank", "10");
        Assert.Equal(0, code);
        (code, output) = await RunAsync("access", "rank", "--tenant", "acme", "--role", "admin", "--rank", "90");
        Assert.Contains("Role 'admin': rank 90, protected.", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("access", "list", "--tenant", "acme");
        Assert.Contains("ROLE\tRANK\tPROTECTED\nadmin\t90\tyes\nviewer\t10\tno\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        (code, output) = await RunAsync("access", "unprotect", "--tenant", "acme", "--role", "admin");
        Assert.Equal(0, code);
        Assert.Contains("Role 'admin': rank 90, not protected.", output, StringComparison.Ordinal);
        using var server = new ProvisioFactory(folder);
        Assert.Equal(
            [new AccessRole("acme", "admin", 90, false), new AccessRole("acme", "viewer", 10, false)],
            await server.Services.GetRequiredService<IAccessConfigurationStore>().ListRolesAsync("acme", CancellationToken.None));
    }

    [Theory]
    [InlineData("a mapping grants at least one role or workspace", "map", "--group", "g")]
    [InlineData("--by: 'email' is neither 'name' nor 'id'", "map", "--group", "g", "--roles", "r", "--by", "email")]
    [InlineData("--roles: role 'a\tb' contains a control character", "map", "--group", "g", "--roles", "a\tb")]
    [InlineData("--workspaces: at most 50 workspaces, not 51", "map", "--group", "g", "--workspaces", "@51")]
    [InlineData("--group: the group must not be empty", "map", "--group", " ", "--roles", "r")]
    [InlineData("--role: role ' admin' starts or ends with a space", "protect", "--role", " admin")]
    [InlineData("--role: role 'a,b' contains a comma", "rank", "--role", "a,b", "--rank", "1")]
    public async Task Bad_input_is_refused_with_the_reason_and_changes_nothing(string reason, params string[] args)
    {
        await RunAsync("tenants", "create", "acme");
        var many = string.Join(",", Enumerable.Range(0, 51).Select(i => $"w{i}"));

        var (code, output) = await RunAsync(["access", args[0], "--tenant", "acme", .. args[1..].Select(a => a == "@51" ? many : a)]);

        Assert.Equal(1, code);
        Assert.Contains("Nothing changed for tenant 'acme'", output, StringComparison.Ordinal);
        Assert.Contains(reason.Replace('\t', '?'), output, StringComparison.Ordinal);
        using var server = new ProvisioFactory(folder);
        var store = server.Services.GetRequiredService<IAccessConfigurationStore>();
        Assert.Empty(await store.ListMappingsAsync("acme", CancellationToken.None));
        Assert.Empty(await store.ListRolesAsync("acme", CancellationToken.None));
    }

    [Theory]
    [InlineData("map", "--group", "g", "--roles", "r")]
    [InlineData("list")]
    [InlineData("protect", "--role", "admin")]
    public async Task An_unknown_tenant_is_refused(params string[] args)
    {
        var (code, output) = await RunAsync(["access", args[0], "--tenant", "nobody", .. args[1..]]);

        Assert.Equal(1, code);
        Assert.Contains("No tenant 'nobody'", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private Task<(int Code, string Output)> RunAsync(params string[] args) => CommandRunner.RunAsync(folder, args);
}
