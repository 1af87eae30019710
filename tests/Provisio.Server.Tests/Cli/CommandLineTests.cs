using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Cli;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("provisio-cli-").FullName;

    [Fact]
    public async Task Tenants_and_tokens_are_managed_from_the_command_line_and_work_over_http()
    {
        var (code, output) = await RunAsync("tenants", "create", "acme", "--name", "Acme Inc.");
        Assert.Equal(0, code);
        Assert.Contains("acme", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("tenants", "list");
        Assert.Contains("acme\tAcme Inc.", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("tokens", "create", "--tenant", "acme", "--name", "okta", "--expires-in-days", "30");
        Assert.Equal(0, code);
        var token = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("scim_", StringComparison.Ordinal));
        var tokenId = Provisio.AspNetCore.Auth.ScimTokenFormat.ParseId(token)!;
        Assert.Contains("expires", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("tokens", "list", "--tenant", "acme");
        Assert.Contains(tokenId, output, StringComparison.Ordinal);
        Assert.Contains("active", output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);

        var time = new ShiftableTimeProvider();
        using (var server = new ProvisioFactory(folder) { Time = time })
        {
            var scim = new ScimClient(server.CreateClient(), "/scim/v2/acme", token, "acme", tokenId);
            Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);

            (code, _) = await RunAsync("tokens", "revoke", tokenId);
            Assert.Equal(0, code);
            // A revocation from another process reaches the running server within a second.
            time.Advance(Provisio.Storage.Tenancy.CachingTenantStore.RevocationCheckInterval);
            (await scim.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
        }

        (code, output) = await RunAsync("tokens", "list");
        Assert.Contains("revoked", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Users")]
    [InlineData("groups")]
    [InlineData("Bad_Name")]
    [InlineData("-leading")]
    [InlineData("acme\n")]
    [InlineData("acme\r\n")]
    [InlineData("me")]
    public async Task Tenant_ids_that_would_clash_with_scim_routes_are_refused(string id)
    {
        var (code, output) = await RunAsync("tenants", "create", id);

        Assert.Equal(1, code);
        Assert.Contains("not a valid tenant id", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_id_with_a_final_newline_never_goes_live()
    {
        var (code, output) = await RunAsync("tenants", "create", "acme\n");
        Assert.Equal(1, code);
        Assert.Single(output.TrimEnd().Split('\n'));

        (_, output) = await RunAsync("tenants", "list");
        Assert.DoesNotContain("acme", output, StringComparison.Ordinal);
        using var server = new ProvisioFactory(folder);
        var store = server.Services.GetRequiredService<ITenantStore>();
        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateTenantAsync(new Tenant("acme\n", "x", DateTimeOffset.UnixEpoch), CancellationToken.None));
    }

    [Theory]
    [InlineData("100000000")]
    [InlineData("36501")]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task An_expiry_out_of_range_is_a_one_line_error_not_a_crash(string days)
    {
        await RunAsync("tenants", "create", "acme");

        var (code, output) = await RunAsync("tokens", "create", "--tenant", "acme", "--name", "x", "--expires-in-days", days);

        Assert.Equal(1, code);
        Assert.Single(output.TrimEnd().Split('\n'));
        Assert.Contains("--expires-in-days", output, StringComparison.Ordinal);
        (_, output) = await RunAsync("tokens", "list");
        Assert.DoesNotContain("acme", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("token", "token", "list")]
    [InlineData("tenant", "--urls", "http://127.0.0.1:0", "tenant")]
    public async Task A_mistyped_verb_prints_the_usage_and_fails_instead_of_serving(string stray, params string[] args)
    {
        // Serving would never return: the timeout turns that into a failure.
        var (code, output) = await RunAsync(args).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, code);
        Assert.Contains($"Unknown command or argument '{stray}'", output, StringComparison.Ordinal);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains("tokens", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5000" }, null)]
    [InlineData(new[] { "--Provisio:MaxPageSize=500", "Logging:LogLevel:Default=Debug" }, null)]
    [InlineData(new[] { "/urls", "http://x", "serve" }, "serve")]
    [InlineData(new[] { "tokens-list" }, "tokens-list")]
    public void Host_settings_pass_and_anything_else_is_a_stray(string[] args, string? stray) =>
        Assert.Equal(stray, HostSettings.FirstStray(args));

    [Fact]
    public async Task A_token_for_an_unknown_tenant_is_refused()
    {
        var (code, output) = await RunAsync("tokens", "create", "--tenant", "nobody", "--name", "x");

        Assert.Equal(1, code);
        Assert.Contains("No tenant 'nobody'", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var all = args.Append("--data-dir").Append(folder).ToArray();
        using var output = new StringWriter();
        var code = await ProvisioCommandLine.Create(all, output).Parse(all).InvokeAsync();
        return (code, output.ToString());
    }
}
