using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Admin;
using Provisio.Server.Cli;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Cli;

/// <summary><c>provisio admin-keys …</c> and <c>provisio audit list</c>, against the database a server uses.</summary>
public sealed class AdminCommandLineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("provisio-cli-").FullName;

    [Fact]
    public async Task An_admin_key_is_created_listed_and_revoked_from_the_command_line_and_works_over_http_until_revoked()
    {
        var (code, output) = await RunAsync("admin-keys", "create", "--name", "billing-sync");
        Assert.Equal(0, code);
        var key = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("pak_", StringComparison.Ordinal));
        var keyId = AdminKeyFormat.ParseId(key)!;
        Assert.Contains(keyId, output, StringComparison.Ordinal);

        (code, output) = await RunAsync("admin-keys", "list");
        Assert.Equal(0, code);
        Assert.Contains($"{keyId}\tbilling-sync\tactive", output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, output, StringComparison.Ordinal);
        Assert.Contains("never used", output, StringComparison.Ordinal);

        await RunAsync("tenants", "create", "acme");
        using (var server = new ProvisioFactory(folder))
        {
            var admin = new AdminClient(server.CreateClient(), key);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/tenants/acme/events")).Status);

            (code, output) = await RunAsync("admin-keys", "revoke", keyId);
            Assert.Equal(0, code);
            Assert.Contains($"Revoked {keyId}", output, StringComparison.Ordinal);
            // Another process revoked it: the running server refuses it on the next request, no waiting.
            (await admin.GetAsync("/api/tenants/acme/events")).AssertProblem(HttpStatusCode.Unauthorized);
        }

        (code, output) = await RunAsync("admin-keys", "list");
        Assert.Contains($"{keyId}\tbilling-sync\trevoked", output, StringComparison.Ordinal);
        Assert.Contains("last used", output, StringComparison.Ordinal);
        (code, output) = await RunAsync("admin-keys", "revoke", keyId);
        Assert.Equal(1, code);
        Assert.Contains("No active admin key", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_list_prints_a_table_or_the_api_json_filtered_by_the_options()
    {
        await RunAsync("tenants", "create", "acme");
        var (_, tokenOutput) = await RunAsync("tokens", "create", "--tenant", "acme", "--name", "okta");
        var token = tokenOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("scim_", StringComparison.Ordinal));
        string userId;
        using (var server = new ProvisioFactory(folder))
        {
            var scim = new ScimClient(server.CreateClient(), "/scim/v2/acme", token, "acme", Provisio.AspNetCore.Auth.ScimTokenFormat.ParseId(token));
            userId = (string)(await scim.CreateUserAsync("cli@example.com"))["id"]!;
            await scim.CreateUserAsync("other@example.com");
            Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{userId}")).Status);
        }

        var (code, output) = await RunAsync("audit", "list", "--tenant", "acme");
        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("ID\tAT\tACTION", lines[0], StringComparison.Ordinal);
        Assert.Contains("\tdelete\t204\tDELETE /Users/", lines[1], StringComparison.Ordinal);
        Assert.Contains("\tokta\t", lines[1], StringComparison.Ordinal);

        (code, output) = await RunAsync("audit", "list", "--tenant", "acme", "--resource", userId, "--json");
        Assert.Equal(0, code);
        var entries = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(["delete", "create"], entries.Select(e => (string)e!["action"]!));
        Assert.All(entries, e => Assert.Equal(userId, (string)e!["resourceId"]!));
        Assert.Equal("okta", (string)entries[0]!["tokenName"]!);

        (_, output) = await RunAsync("audit", "list", "--tenant", "acme", "--action", "create", "--status", "201", "--limit", "1", "--json");
        Assert.Single(JsonNode.Parse(output)!.AsArray());
        (_, output) = await RunAsync("audit", "list", "--tenant", "acme", "--request-id", "none-such", "--json");
        Assert.Empty(JsonNode.Parse(output)!.AsArray());
    }

    [Theory]
    [InlineData("--limit", "0")]
    [InlineData("--limit", "1001")]
    [InlineData("--action", "explode")]
    public async Task Audit_list_refuses_bad_options(string option, string value)
    {
        await RunAsync("tenants", "create", "acme");

        var (code, _) = await RunAsync("audit", "list", "--tenant", "acme", option, value);

        Assert.NotEqual(0, code);
    }

    [Fact]
    public async Task Audit_list_of_an_unknown_tenant_says_so()
    {
        var (code, output) = await RunAsync("audit", "list", "--tenant", "nobody");

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
