using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Cli;
using Provisio.Server.Tests.Support;
using Provisio.Server.Webhooks;
using Provisio.Storage.Events;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Tests.Cli;

/// <summary><c>provisio webhooks …</c> against the database a server uses, with the same Data Protection keys.</summary>
public sealed class WebhookCommandLineTests : IDisposable
{
    private const string Url = "https://93.184.215.14/provisio";
    private readonly string folder = Directory.CreateTempSubdirectory("provisio-cli-").FullName;

    [Fact]
    public async Task An_endpoint_is_added_listed_disabled_rotated_and_removed_from_the_command_line()
    {
        await RunAsync("tenants", "create", "acme");

        var (code, output) = await RunAsync("webhooks", "add", "--tenant", "acme", "--url", Url,
            "--events", "user.deactivated, user.deleted", "--description", "HR sync");
        Assert.Equal(0, code);
        var id = Word(output, "wh_");
        var secret = Word(output, "whsec_");
        Assert.Contains("will not be shown again", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("webhooks", "list", "--tenant", "acme");
        Assert.Equal(0, code);
        Assert.Contains($"{id}\tenabled\t{Url}\tuser.deactivated,user.deleted\t", output, StringComparison.Ordinal);
        Assert.EndsWith("\tHR sync", output.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);

        (code, output) = await RunAsync("webhooks", "disable", "--tenant", "acme", id);
        Assert.Equal(0, code);
        Assert.Contains($"Disabled {id}", output, StringComparison.Ordinal);
        Assert.Contains($"{id}\tdisabled\t", (await RunAsync("webhooks", "list", "--tenant", "acme")).Output, StringComparison.Ordinal);
        (code, _) = await RunAsync("webhooks", "enable", "--tenant", "acme", id);
        Assert.Equal(0, code);
        Assert.Contains($"{id}\tenabled\t", (await RunAsync("webhooks", "list", "--tenant", "acme")).Output, StringComparison.Ordinal);

        (code, output) = await RunAsync("webhooks", "rotate-secret", "--tenant", "acme", id);
        Assert.Equal(0, code);
        var rotated = Word(output, "whsec_");
        Assert.NotEqual(secret, rotated);
        Assert.Contains("keeps signing", output, StringComparison.Ordinal);

        // The server reads what the CLI protected: the keys are in the database they share.
        using (var server = new ProvisioFactory(folder))
        {
            var endpoint = await server.Services.GetRequiredService<IWebhookStore>().FindAsync("acme", id, CancellationToken.None);
            Assert.Equal([rotated, secret],
                server.Services.GetRequiredService<WebhookSecrets>().SigningSecrets(endpoint!, endpoint!.PreviousSecretExpires!.Value.AddTicks(-1)));
        }

        (code, output) = await RunAsync("webhooks", "remove", "--tenant", "acme", id);
        Assert.Equal(0, code);
        Assert.Contains($"Removed {id}", output, StringComparison.Ordinal);
        Assert.DoesNotContain(id, (await RunAsync("webhooks", "list", "--tenant", "acme")).Output, StringComparison.Ordinal);
        (code, output) = await RunAsync("webhooks", "remove", "--tenant", "acme", id);
        Assert.Equal(1, code);
        Assert.Contains($"no webhook endpoint '{id}'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1/hooks", "loopback/private address")]
    [InlineData("http://93.184.215.14/hooks", "must use https")]
    public async Task Add_refuses_a_url_the_policy_refuses_and_adds_nothing(string url, string expected)
    {
        await RunAsync("tenants", "create", "acme");

        var (code, output) = await RunAsync("webhooks", "add", "--tenant", "acme", "--url", url);

        Assert.Equal(1, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", output, StringComparison.Ordinal);
        Assert.Single((await RunAsync("webhooks", "list", "--tenant", "acme")).Output.TrimEnd().Split('\n')); // the header only
    }

    [Fact]
    public async Task Add_refuses_an_unknown_event_type_and_an_unknown_tenant()
    {
        await RunAsync("tenants", "create", "acme");

        var (code, output) = await RunAsync("webhooks", "add", "--tenant", "acme", "--url", Url, "--events", "user.created,user.exploded");
        Assert.Equal(1, code);
        Assert.Contains("'user.exploded' is not an event type", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("webhooks", "add", "--tenant", "nobody", "--url", Url);
        Assert.Equal(1, code);
        Assert.Contains("No tenant 'nobody'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliveries_print_the_log_and_the_dead_and_requeue_sends_them_again()
    {
        await RunAsync("tenants", "create", "acme");
        var id = Word((await RunAsync("webhooks", "add", "--tenant", "acme", "--url", Url)).Output, "wh_");
        await RunAsync("webhooks", "disable", "--tenant", "acme", id);
        var (_, tokenOutput) = await RunAsync("tokens", "create", "--tenant", "acme", "--name", "okta");
        var token = tokenOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("scim_", StringComparison.Ordinal));
        using (var server = new ProvisioFactory(folder))
        {
            var scim = new ScimClient(server.CreateClient(), "/scim/v2/acme", token, "acme", Provisio.AspNetCore.Auth.ScimTokenFormat.ParseId(token));
            var userId = (string)(await scim.CreateUserAsync("dead@example.com"))["id"]!;
            var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
            await server.Services.GetRequiredService<IEventConsumerStore>().BuryAsync(
                WebhookEndpoint.ConsumerName(id), "acme", new EventRetry(1, userId, 8, at, "HTTP 502"), at, 1, CancellationToken.None);
            await server.Services.GetRequiredService<IWebhookAttemptLog>().RecordAsync(new WebhookAttempt
            {
                TenantId = "acme",
                EndpointId = id,
                EventId = "e1",
                EventType = EventTypes.UserCreated,
                Sequence = 1,
                Attempt = 8,
                At = at,
                Outcome = WebhookOutcome.Dead,
                StatusCode = 502,
                LatencyMilliseconds = 40,
                Error = "HTTP 502",
            }, 10, CancellationToken.None);
        }

        var (code, output) = await RunAsync("webhooks", "deliveries", "--tenant", "acme", id);
        Assert.Equal(0, code);
        Assert.Contains("2026-03-01 12:00:00Z\tdead\t502\t40\tuser.created\t1\t8\te1\tHTTP 502", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("webhooks", "deliveries", "--tenant", "acme", id, "--dead");
        Assert.Equal(0, code);
        Assert.Contains("\n1\t", output, StringComparison.Ordinal);
        Assert.Contains("\tuser.created\t", output, StringComparison.Ordinal);
        Assert.Contains("\t8\t2026-03-01 12:00:00Z\tHTTP 502", output, StringComparison.Ordinal);

        Assert.Equal(1, (await RunAsync("webhooks", "requeue", "--tenant", "acme", id)).Code);
        (code, output) = await RunAsync("webhooks", "requeue", "--tenant", "acme", id, "--sequence", "5");
        Assert.Equal(1, code);
        Assert.Contains("Event 5 is not a dead delivery", output, StringComparison.Ordinal);
        (code, output) = await RunAsync("webhooks", "requeue", "--tenant", "acme", id, "--sequence", "1");
        Assert.Equal(0, code);
        Assert.Contains("Re-queued 1 dead delivery", output, StringComparison.Ordinal);
        Assert.Single((await RunAsync("webhooks", "deliveries", "--tenant", "acme", id, "--dead")).Output.TrimEnd().Split('\n')); // the header only
        Assert.Contains("Re-queued 0 dead deliveries", (await RunAsync("webhooks", "requeue", "--tenant", "acme", id, "--all")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_sends_through_the_sender_which_keeps_to_the_cli_settings_and_logs_the_attempt()
    {
        await RunAsync("tenants", "create", "acme");
        await using var receiver = await Provisio.Server.Tests.Webhooks.WebhookReceiver.StartAsync();
        string id;
        // A server that allows private networks may add a loopback endpoint; the CLI, with the default settings, may not reach it.
        using (var server = new ProvisioFactory(folder))
        {
            server.Settings["Provisio:Webhooks:AllowPrivateNetworks"] = "true";
            var admin = await AdminClient.CreateAsync(server);
            id = (string)(await Provisio.Server.Tests.Webhooks.WebhookApi.AddAsync(admin, "acme", receiver.Url.AbsoluteUri, """, "enabled": false"""))["id"]!;
        }

        var (code, output) = await RunAsync("webhooks", "test", "--tenant", "acme", id);

        Assert.Equal(1, code);
        Assert.Contains("Not delivered: no response", output, StringComparison.Ordinal);
        Assert.Contains("AllowPrivateNetworks is off", output, StringComparison.Ordinal);
        Assert.Empty(receiver.Deliveries);
        (code, output) = await RunAsync("webhooks", "deliveries", "--tenant", "acme", id);
        Assert.Equal(0, code);
        Assert.Contains("\tfailed\t-\t", output, StringComparison.Ordinal);
        Assert.Contains("\twebhook.test\t-\t1\t", output, StringComparison.Ordinal);
        (code, output) = await RunAsync("webhooks", "test", "--tenant", "acme", "wh_none");
        Assert.Equal(1, code);
        Assert.Contains("no webhook endpoint 'wh_none'", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static string Word(string output, string prefix) =>
        output.Split([' ', '\n', '\r', '\t', ':'], StringSplitOptions.RemoveEmptyEntries).First(w => w.StartsWith(prefix, StringComparison.Ordinal));

    private Task<(int Code, string Output)> RunAsync(params string[] args) => CommandRunner.RunAsync(folder, args);
}
