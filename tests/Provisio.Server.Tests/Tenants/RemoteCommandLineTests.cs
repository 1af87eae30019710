using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.AspNetCore.Auth;
using Provisio.Server.Admin;
using Provisio.Server.Cli;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Tenants;

/// <summary>
/// <c>provisio tenants …</c> and <c>provisio tokens …</c> with <c>--server</c>: the CLI, run in process, talks to a
/// server listening on a socket through its admin API, and never prints the admin key.
/// </summary>
public sealed class RemoteCommandLineTests(ListeningServer server) : IClassFixture<ListeningServer>
{
    [Fact]
    public async Task Tenants_and_tokens_are_managed_on_a_remote_server_and_the_admin_key_is_never_printed()
    {
        var key = await ServerWideKeyAsync();
        var id = NewId();
        var printed = new List<string>();
        async Task<(int Code, string Output)> Run(params string[] args)
        {
            var result = await RunAsync(args.Concat(["--server", server.Url.AbsoluteUri, "--admin-key", key]).ToArray());
            printed.Add(result.Output);
            return result;
        }

        var (code, output) = await Run("tenants", "create", id, "--name", "Acme Inc.");
        Assert.True(code == 0, output);
        Assert.Contains($"{server.Url.AbsoluteUri}scim/v2/{id}", output, StringComparison.Ordinal);
        (code, output) = await Run("tenants", "list");
        Assert.Equal(0, code);
        Assert.StartsWith("ID\tNAME\tCREATED", output, StringComparison.Ordinal);
        Assert.Contains($"{id}\tAcme Inc.\t", output, StringComparison.Ordinal);
        (code, output) = await Run("tenants", "rename", id, "--name", "Acme Corp.");
        Assert.Equal(0, code);
        (_, output) = await Run("tenants", "list", "--json");
        Assert.Equal("Acme Corp.", (string)JsonNode.Parse(output)!.AsArray().Single(t => (string)t!["id"]! == id)!["name"]!);

        (code, output) = await Run("tokens", "create", "--tenant", id, "--name", "okta", "--expires-in-days", "30");
        Assert.Equal(0, code);
        var token = SingleToken(output);
        var scim = new ScimClient(server.Factory.CreateClient(), $"/scim/v2/{id}", token, id, ScimTokenFormat.ParseId(token));
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
        (code, output) = await Run("tokens", "list", "--tenant", id);
        Assert.Equal(0, code);
        Assert.Contains($"{scim.TokenId}\t{id}\tokta\tactive", output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);

        (code, output) = await Run("tokens", "rotate", scim.TokenId!, "--tenant", id, "--overlap-days", "0", "--json");
        Assert.Equal(0, code);
        var rotated = JsonNode.Parse(output)!;
        Assert.Equal("okta", (string)rotated["name"]!);
        (await scim.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
        var successor = scim.WithToken((string)rotated["token"]!);
        Assert.Equal(HttpStatusCode.OK, (await successor.GetAsync("/Users")).Status);

        (code, output) = await Run("tokens", "revoke", (string)rotated["id"]!, "--tenant", id);
        Assert.Equal(0, code);
        (await successor.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
        (_, output) = await Run("tokens", "list", "--tenant", id, "--json");
        Assert.All(JsonNode.Parse(output)!.AsArray(), t => Assert.True(t!["revoked"] is not null || t["expires"] is not null));
        Assert.DoesNotContain("\"token\"", output, StringComparison.Ordinal);

        (code, output) = await Run("tenants", "delete", id);
        Assert.Equal(1, code);
        Assert.Contains($"--confirm {id}", output, StringComparison.Ordinal);
        (code, _) = await Run("tenants", "delete", id, "--confirm", id);
        Assert.Equal(0, code);
        (_, output) = await Run("tenants", "list");
        Assert.DoesNotContain(id, output, StringComparison.Ordinal);

        Assert.All(printed, p => Assert.DoesNotContain(key, p, StringComparison.Ordinal));
        Assert.All(printed, p => Assert.DoesNotContain(key[AdminKeyFormat.ParseId(key)!.Length..], p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tenants_settings_and_sync_status_are_read_and_changed_on_a_remote_server()
    {
        var key = await ServerWideKeyAsync();
        var scim = await server.Factory.CreateTenantAsync();
        var admin = new AdminClient(server.Factory.CreateClient(), key);
        string[] remote = ["--server", server.Url.AbsoluteUri, "--admin-key", key];
        await scim.CreateUserAsync("status@example.com");

        var (code, output) = await RunAsync(["tenants", "set", scim.TenantId!, "--paused", "true", "--max-page-size", "50", .. remote]);

        Assert.True(code == 0, output);
        var settings = (await admin.GetAsync($"/api/tenants/{scim.TenantId}/settings")).Json;
        Assert.True((bool)settings["paused"]!);
        Assert.Equal(50, (int)settings["maxPageSize"]!);
        (code, output) = await RunAsync(["tenants", "show", scim.TenantId!, "--json", .. remote]);
        Assert.Equal(0, code);
        Assert.Contains("\"maxPageSize\": 50", output, StringComparison.Ordinal);
        (code, output) = await RunAsync(["tenants", "status", "--tenant", scim.TenantId!, "--json", .. remote]);
        Assert.True(code == 0, output);
        var status = JsonNode.Parse(output)!;
        Assert.Equal(1, (long)status["users"]!["active"]!);
        Assert.Equal(1, (long)status["requests"]!["lastHour"]!["byStatus"]!["201"]!);
        (code, output) = await RunAsync(["tenants", "status", "--tenant", scim.TenantId!, .. remote]);
        Assert.Contains("paused", output, StringComparison.Ordinal);

        // Checked before it is sent, and by the server: nothing changes either way.
        (code, output) = await RunAsync(["tenants", "set", scim.TenantId!, "--max-page-size", "0", .. remote]);
        Assert.Equal(1, code);
        Assert.Contains("--max-page-size", output, StringComparison.Ordinal);
        (code, output) = await RunAsync(["tenants", "set", "nobody-here", "--paused", "false", .. remote]);
        Assert.Equal(1, code);
        Assert.Contains("(404)", output, StringComparison.Ordinal);
        Assert.Equal(50, (int)(await admin.GetAsync($"/api/tenants/{scim.TenantId}/settings")).Json["maxPageSize"]!);
        Assert.DoesNotContain(key, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_and_key_can_come_from_the_environment()
    {
        var key = await ServerWideKeyAsync();
        var id = NewId();
        var environment = new Dictionary<string, string?> { [AdminTarget.ServerVariable] = server.Url.AbsoluteUri, [AdminTarget.KeyVariable] = key };

        var (code, output) = await RunAsync(environment, "tenants", "create", id);

        Assert.True(code == 0, output);
        var admin = new AdminClient(server.Factory.CreateClient(), key);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/tenants/{id}")).Status);
        (code, output) = await RunAsync(environment, "tokens", "create", "--tenant", id, "--name", "entra", "--json");
        Assert.Equal(0, code);
        var created = JsonNode.Parse(output)!;
        Assert.Equal(ScimTokenFormat.ParseId((string)created["token"]!), (string)created["id"]!);
        Assert.DoesNotContain(key, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_by_the_server_is_one_line_with_its_detail_and_exit_code_1()
    {
        var key = await ServerWideKeyAsync();
        var id = NewId();
        await RunAsync("tenants", "create", id, "--server", server.Url.AbsoluteUri, "--admin-key", key);

        var (code, output) = await RunAsync("tenants", "create", id, "--server", server.Url.AbsoluteUri, "--admin-key", key);
        Assert.Equal(1, code);
        Assert.Equal($"The server refused (409): A tenant '{id}' exists already.", output.Trim());

        (code, output) = await RunAsync("tokens", "create", "--tenant", "nobody-here", "--name", "x", "--server", server.Url.AbsoluteUri, "--admin-key", key);
        Assert.Equal(1, code);
        Assert.Contains("No tenant 'nobody-here'", output, StringComparison.Ordinal);

        var wrong = key[..^4] + "AAAA";
        (code, output) = await RunAsync("tenants", "list", "--server", server.Url.AbsoluteUri, "--admin-key", wrong);
        Assert.Equal(1, code);
        Assert.Contains("(401)", output, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_key_on_the_command_line_sees_its_own_tenant_and_cannot_create_tenants()
    {
        var scim = await server.Factory.CreateTenantAsync();
        await server.Factory.CreateTenantAsync();
        var (_, key) = await server.Factory.Services.GetRequiredService<AdminKeyIssuer>().IssueAsync("customer", CancellationToken.None, scim.TenantId);
        string[] remote = ["--server", server.Url.AbsoluteUri, "--admin-key", key];

        var (code, output) = await RunAsync(["tokens", "list", "--json", .. remote]);
        Assert.True(code == 0, output);
        Assert.Equal([scim.TenantId], JsonNode.Parse(output)!.AsArray().Select(t => (string?)t!["tenant"]));

        (code, output) = await RunAsync(["tenants", "create", NewId(), .. remote]);
        Assert.Equal(1, code);
        Assert.Contains("(403)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "tenants", "list", "--admin-key", "pak_x" }, "--admin-key needs --server")]
    [InlineData(new[] { "tenants", "list", "--server", "http://127.0.0.1:1" }, "An admin key is needed with --server")]
    [InlineData(new[] { "tenants", "list", "--server", "ftp://example.com", "--admin-key", "pak_x" }, "--server must be the server's http:// or https:// URL")]
    [InlineData(new[] { "tenants", "list", "--server", "http://127.0.0.1:1", "--admin-key", "pak_x", "--data-dir", "/tmp" }, "exclude each other")]
    [InlineData(new[] { "tokens", "revoke", "scim_x", "--server", "http://127.0.0.1:1", "--admin-key", "pak_x" }, "--tenant is required with --server")]
    [InlineData(new[] { "tenants", "list", "--server", "http://127.0.0.1:1", "--admin-key", "pak_x" }, "Could not reach http://127.0.0.1:1")]
    public async Task A_remote_command_without_what_it_needs_says_so_in_one_line(string[] args, string expected)
    {
        var (code, output) = await RunAsync(args);

        Assert.Equal(1, code);
        Assert.Single(output.TrimEnd().Split('\n'));
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("pak_x", output, StringComparison.Ordinal);
    }

    private async Task<string> ServerWideKeyAsync() =>
        (await server.Factory.Services.GetRequiredService<AdminKeyIssuer>().IssueAsync("cli", CancellationToken.None)).Key;

    private static Task<(int Code, string Output)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    /// <summary>Runs a verb in process as <c>provisio ARGS</c>, with only <paramref name="environment"/> for variables (never this process's).</summary>
    private static async Task<(int Code, string Output)> RunAsync(Dictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        var code = await ProvisioCommandLine.Create(args, output, name => environment.GetValueOrDefault(name)).Parse(args)
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }

    private static string SingleToken(string output) =>
        output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("scim_", StringComparison.Ordinal) && ScimTokenFormat.ParseId(l) is not null && l.Length > 40);

    private static string NewId() => "r" + Guid.NewGuid().ToString("N")[..12];
}
