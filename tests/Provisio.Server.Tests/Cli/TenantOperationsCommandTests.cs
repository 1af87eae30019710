using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.AspNetCore.Tenancy;
using Provisio.Server.Cli;
using Provisio.Server.Tests.Events;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Cli;

/// <summary><c>provisio tenants set|show|status</c> for pause, dry run, externalId uniqueness, limits and the sync status (issue #14).</summary>
public sealed class TenantOperationsCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("provisio-cli-").FullName;

    [Fact]
    public async Task The_new_settings_are_set_shown_and_put_back_to_their_defaults()
    {
        await RunAsync("tenants", "create", "acme");

        var (code, output) = await RunAsync("tenants", "set", "acme", "--paused", "true", "--dry-run", "true", "--external-id-unique", "true",
            "--max-page-size", "200", "--default-page-size", "50", "--rate-limit", "2.5:40", "--stale-after-hours", "6");

        Assert.Equal(0, code);
        Assert.Contains("2.5/s, burst 40", output, StringComparison.Ordinal);
        var json = await ShowJsonAsync("acme");
        Assert.True((bool)json["paused"]!);
        Assert.True((bool)json["dryRun"]!);
        Assert.True((bool)json["externalIdUnique"]!);
        Assert.Equal(200, (int)json["maxPageSize"]!);
        Assert.Equal(50, (int)json["defaultPageSize"]!);
        Assert.Equal(2.5, (double)json["rateLimit"]!["permitsPerSecond"]!);
        Assert.Equal(40, (int)json["rateLimit"]!["burst"]!);
        Assert.Equal(6, (int)json["staleAfterHours"]!);
        (code, output) = await RunAsync("tenants", "show", "acme");
        Assert.Equal(0, code);
        foreach (var line in new[] { "paused", "dry-run", "external-id-unique", "max-page-size", "default-page-size", "rate-limit", "stale-after-hours" })
        {
            Assert.Contains(output.Split('\n'), l => l.TrimStart().StartsWith(line + " ", StringComparison.Ordinal) && !l.Contains("(default)", StringComparison.Ordinal));
        }

        (code, _) = await RunAsync("tenants", "set", "acme", "--paused", "false", "--dry-run", "false", "--external-id-unique", "false",
            "--max-page-size", "default", "--default-page-size", "default", "--rate-limit", "default", "--stale-after-hours", "24");
        Assert.Equal(0, code);
        (_, output) = await RunAsync("tenants", "show", "acme");
        foreach (var line in new[] { "paused", "dry-run", "external-id-unique", "max-page-size", "default-page-size", "rate-limit", "stale-after-hours" })
        {
            Assert.Contains(output.Split('\n'), l => l.TrimStart().StartsWith(line + " ", StringComparison.Ordinal) && l.Contains("(default)", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("--paused: 'maybe' is neither 'true' nor 'false'", "--paused", "maybe")]
    [InlineData("--rate-limit: '5' is neither PERMITS_PER_SECOND:BURST", "--rate-limit", "5")]
    [InlineData("--rate-limit: burst must be from 1 to 10000000, not 0", "--rate-limit", "5:0")]
    [InlineData("--max-page-size: must be from 1 to 10000", "--max-page-size", "0")]
    [InlineData("--max-page-size: 'lots' is neither a whole number nor 'default'", "--max-page-size", "lots")]
    [InlineData("--default-page-size: must not be above the maximum page size (10)", "--max-page-size", "10", "--default-page-size", "20")]
    [InlineData("--stale-after-hours: must be from 1 to 8760 hours", "--stale-after-hours", "0")]
    public async Task Invalid_values_are_refused_with_the_reason_and_change_nothing(string reason, params string[] options)
    {
        await RunAsync("tenants", "create", "acme");
        var before = (await ShowJsonAsync("acme")).ToJsonString();

        var (code, output) = await RunAsync(["tenants", "set", "acme", .. options]);

        Assert.Equal(1, code);
        Assert.Contains("Nothing changed", output, StringComparison.Ordinal);
        Assert.Contains(reason, output, StringComparison.Ordinal);
        Assert.Equal(before, (await ShowJsonAsync("acme")).ToJsonString());
    }

    [Fact]
    public async Task External_id_uniqueness_is_refused_while_users_share_one_and_status_shows_the_sync()
    {
        string tenant;
        using (var server = new ProvisioFactory(folder))
        {
            var scim = await server.CreateTenantAsync();
            tenant = scim.TenantId!;
            await scim.CreateUserAsync("a@example.com", u => u["externalId"] = "00uShared");
            await scim.CreateUserAsync("b@example.com", u => u["externalId"] = "00uShared");
            await scim.PostAsync("/Users", ScimClient.NewUser("a@example.com"));
        }

        var (code, output) = await RunAsync("tenants", "set", tenant, "--external-id-unique", "true");
        Assert.Equal(1, code);
        Assert.Contains("Nothing changed", output, StringComparison.Ordinal);
        Assert.Contains("'00uShared'", output, StringComparison.Ordinal);
        Assert.False((bool)(await ShowJsonAsync(tenant))["externalIdUnique"]!);

        (code, output) = await RunAsync("tenants", "status", "--tenant", tenant, "--json");
        Assert.Equal(0, code);
        var status = JsonNode.Parse(output)!;
        Assert.Equal(2, (int)status["users"]!["active"]!);
        Assert.Equal(3, (int)status["requests"]!["lastDay"]!["total"]!);
        Assert.Equal(2, (int)status["requests"]!["lastDay"]!["byStatus"]!["201"]!);
        Assert.Equal("uniqueness", (string)status["recentFailures"]![0]!["scimType"]!);
        Assert.False((bool)status["stale"]!);
        (code, output) = await RunAsync("tenants", "status", "--tenant", tenant);
        Assert.Equal(0, code);
        Assert.Contains("2 active, 0 suspended, 0 deleted", output, StringComparison.Ordinal);
        Assert.Contains("409 uniqueness  POST /Users", output, StringComparison.Ordinal);
        (code, output) = await RunAsync("tenants", "status", "--tenant", "nobody");
        Assert.Equal(1, code);
        Assert.Contains("No tenant 'nobody'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_still_being_answered_when_the_server_stops_is_in_the_last_counts()
    {
        var server = new ProvisioFactory(folder);
        var scim = await server.CreateTenantAsync();
        var counter = server.Services.GetRequiredService<TenantRequestCounter>();
        // The create waits for a body that comes only once the host is stopping (a client without the factory's
        // redirect handler, which would read the whole body before sending).
        using var http = new HttpClient(server.Server.CreateHandler()) { BaseAddress = server.Server.BaseAddress };
        var body = new Pipe();
        using var request = new HttpRequestMessage(HttpMethod.Post, scim.BasePath + "/Users") { Content = new StreamContent(body.Reader.AsStream()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/scim+json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scim.Token);
        var answered = Task.Run(() => http.SendAsync(request));
        await Eventually.HoldsAsync(() => counter.Unfinished == 1, "the create has begun");

        var stopped = Task.Run(server.Dispose);
        await Task.Delay(300);
        await body.Writer.WriteAsync(System.Text.Encoding.UTF8.GetBytes(ScimClient.NewUser("late@example.com").ToJsonString()));
        await body.Writer.CompleteAsync();
        Assert.Equal(HttpStatusCode.Created, (await answered).StatusCode);
        await stopped;

        var (code, output) = await RunAsync("tenants", "status", "--tenant", scim.TenantId!, "--json");
        Assert.Equal(0, code);
        Assert.Equal(1, (int)JsonNode.Parse(output)!["requests"]!["lastDay"]!["byStatus"]!["201"]!);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private async Task<JsonObject> ShowJsonAsync(string tenant)
    {
        var (code, output) = await RunAsync("tenants", "show", tenant, "--json");
        Assert.Equal(0, code);
        return JsonNode.Parse(output)!.AsObject();
    }

    private Task<(int Code, string Output)> RunAsync(params string[] args) => CommandRunner.RunAsync(folder, args);
}
