using System.Net;
using System.Text.Json.Nodes;
using Provisio.AspNetCore.Auth;
using Provisio.Server.Admin;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Cli;

/// <summary><c>provisio tenants rename|delete</c>, <c>tokens rotate</c> and tenant-scoped <c>admin-keys</c> on the local database.</summary>
public sealed class TenantCommandLineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("provisio-cli-").FullName;

    [Fact]
    public async Task A_tenant_is_renamed_and_then_deleted_with_its_data_only_when_confirmed()
    {
        await RunAsync("tenants", "create", "acme");
        await RunAsync("tenants", "create", "globex");
        var token = SingleToken((await RunAsync("tokens", "create", "--tenant", "acme", "--name", "okta")).Output);
        var other = SingleToken((await RunAsync("tokens", "create", "--tenant", "globex", "--name", "okta")).Output);

        var (code, output) = await RunAsync("tenants", "rename", "acme", "--name", "Acme Corp.");
        Assert.Equal(0, code);
        (_, output) = await RunAsync("tenants", "list", "--json");
        Assert.Equal("Acme Corp.", (string)JsonNode.Parse(output)!.AsArray().Single(t => (string)t!["id"]! == "acme")!["name"]!);

        (code, output) = await RunAsync("tenants", "delete", "acme");
        Assert.Equal(1, code);
        Assert.Contains("provisio tenants delete acme --confirm acme", output, StringComparison.Ordinal);
        (code, _) = await RunAsync("tenants", "delete", "acme", "--confirm", "globex");
        Assert.Equal(1, code);
        (_, output) = await RunAsync("tenants", "list");
        Assert.Contains("acme", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("tenants", "delete", "acme", "--confirm", "acme");
        Assert.Equal(0, code);
        (_, output) = await RunAsync("tenants", "list");
        Assert.DoesNotContain("acme", output, StringComparison.Ordinal);
        Assert.Contains("globex", output, StringComparison.Ordinal);
        (_, output) = await RunAsync("tokens", "list");
        Assert.DoesNotContain(ScimTokenFormat.ParseId(token)!, output, StringComparison.Ordinal);
        Assert.Contains(ScimTokenFormat.ParseId(other)!, output, StringComparison.Ordinal);
        (code, output) = await RunAsync("tenants", "delete", "acme", "--confirm", "acme");
        Assert.Equal(1, code);
        Assert.Contains("No tenant 'acme'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_token_keeps_working_for_the_overlap_and_the_successor_is_printed_once()
    {
        await RunAsync("tenants", "create", "acme");
        var token = SingleToken((await RunAsync("tokens", "create", "--tenant", "acme", "--name", "okta")).Output);
        var tokenId = ScimTokenFormat.ParseId(token)!;

        var (code, output) = await RunAsync("tokens", "rotate", tokenId, "--overlap-days", "3");

        Assert.Equal(0, code);
        var successor = SingleToken(output);
        Assert.Contains($"{tokenId} keeps working until", output, StringComparison.Ordinal);
        (_, output) = await RunAsync("tokens", "list", "--tenant", "acme", "--json");
        var tokens = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(2, tokens.Count);
        Assert.All(tokens, t => Assert.Equal("okta", (string)t!["name"]!));
        Assert.NotNull((string?)tokens.Single(t => (string)t!["id"]! == tokenId)!["expires"]);
        Assert.DoesNotContain(successor, output, StringComparison.Ordinal);

        var time = new ShiftableTimeProvider();
        using var server = new ProvisioFactory(folder) { Time = time };
        var old = new ScimClient(server.CreateClient(), "/scim/v2/acme", token, "acme", tokenId);
        Assert.Equal(HttpStatusCode.OK, (await old.GetAsync("/Users")).Status);
        time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        (await old.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await old.WithToken(successor).GetAsync("/Users")).Status);
    }

    [Theory]
    [InlineData("--overlap-days", "-1", "--overlap-days")]
    [InlineData("--overlap-days", "366", "--overlap-days")]
    [InlineData("--expires-in-days", "0", "--expires-in-days")]
    public async Task A_rotation_out_of_range_is_a_one_line_error_that_changes_nothing(string option, string value, string named)
    {
        await RunAsync("tenants", "create", "acme");
        var tokenId = ScimTokenFormat.ParseId(SingleToken((await RunAsync("tokens", "create", "--tenant", "acme", "--name", "okta")).Output))!;

        var (code, output) = await RunAsync("tokens", "rotate", tokenId, option, value);

        Assert.Equal(1, code);
        Assert.Single(output.TrimEnd().Split('\n'));
        Assert.Contains(named, output, StringComparison.Ordinal);
        (_, output) = await RunAsync("tokens", "list", "--json");
        Assert.Single(JsonNode.Parse(output)!.AsArray());
    }

    [Fact]
    public async Task A_token_is_revoked_only_under_its_own_tenant_when_one_is_named()
    {
        await RunAsync("tenants", "create", "acme");
        await RunAsync("tenants", "create", "globex");
        var tokenId = ScimTokenFormat.ParseId(SingleToken((await RunAsync("tokens", "create", "--tenant", "acme", "--name", "okta")).Output))!;

        var (code, output) = await RunAsync("tokens", "revoke", tokenId, "--tenant", "globex");
        Assert.Equal(1, code);
        Assert.Contains("No active token", output, StringComparison.Ordinal);

        (code, _) = await RunAsync("tokens", "revoke", tokenId, "--tenant", "acme");
        Assert.Equal(0, code);
        (_, output) = await RunAsync("tokens", "list", "--tenant", "acme");
        Assert.Contains("\trevoked\t", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_key_limited_to_a_tenant_is_created_for_an_existing_tenant_only_and_listed_with_its_scope()
    {
        await RunAsync("tenants", "create", "acme");

        var (code, output) = await RunAsync("admin-keys", "create", "--name", "acme admins", "--tenant", "acme");
        Assert.Equal(0, code);
        Assert.Contains("for tenant 'acme' only", output, StringComparison.Ordinal);
        var key = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("pak_", StringComparison.Ordinal));
        (code, output) = await RunAsync("admin-keys", "create", "--name", "nobody", "--tenant", "nobody");
        Assert.Equal(1, code);
        Assert.Contains("No tenant 'nobody'", output, StringComparison.Ordinal);

        (_, output) = await RunAsync("admin-keys", "list");
        Assert.Contains($"{AdminKeyFormat.ParseId(key)}\tacme admins\tactive", output, StringComparison.Ordinal);
        Assert.Contains("tenant acme", output, StringComparison.Ordinal);
        Assert.DoesNotContain("nobody", output, StringComparison.Ordinal);
        using var server = new ProvisioFactory(folder);
        var admin = new AdminClient(server.CreateClient(), key);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/tenants/acme/events")).Status);
        (await admin.PostAsync("/api/tenants", """{"id": "globex"}""")).AssertProblem(HttpStatusCode.Forbidden);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static string SingleToken(string output) =>
        output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("scim_", StringComparison.Ordinal) && l.Length > 40);

    private Task<(int Code, string Output)> RunAsync(params string[] args) => CommandRunner.RunAsync(folder, args);
}
