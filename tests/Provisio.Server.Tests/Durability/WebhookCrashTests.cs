using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Admin;
using Provisio.Server.Tests.Support;
using Provisio.Server.Tests.Webhooks;
using Provisio.Storage.Migrations;
using Xunit.Abstractions;

namespace Provisio.Server.Tests.Durability;

/// <summary>
/// Webhooks across a crash: the IdP smoke suite replayed through a proxy that SIGKILLs the server in the middle and
/// starts another on the same storage, to a receiver that refuses the first deliveries. The receiver ends with every
/// event, each resource's in order, a duplicate only ever the same event again.
/// </summary>
public sealed class WebhookCrashTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(90);

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("provisio-webhook-crash-").FullName;
    private readonly List<ProvisioProcess> servers = [];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [SmokeFact]
    public async Task A_receiver_gets_every_event_in_order_per_resource_across_a_SIGKILL_in_the_middle_of_an_IdP_replay()
    {
        var elapsed = Stopwatch.StartNew();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.RefuseFirst = 3;
        var settings = await SettingsAsync();
        var current = Start(settings);
        var token = await current.FirstRunTokenAsync();
        await current.WaitUntilReadyAsync(http, token);
        var adminKey = await IssueAdminKeyAsync(settings);
        receiver.Secrets = [await AddEndpointAsync(current.BaseAddress, adminKey, receiver.Url)];
        output.WriteLine($"server and receiver ready at {elapsed.Elapsed.TotalSeconds:F1} s");

        // Killed between two of the suite's requests, once about half of it has run.
        await using var proxy = await KillingProxy.StartAsync(current.BaseAddress, killBefore: 150, async () =>
        {
            output.WriteLine($"SIGKILL at {elapsed.Elapsed.TotalSeconds:F1} s, {receiver.Deliveries.Count} deliveries so far");
            current.Kill();
            current = Start(settings);
            await current.WaitUntilReadyAsync(http, token);
            return current.BaseAddress;
        });
        var (exitCode, smoke) = await SmokeReplay.RunAsync(new Uri(proxy.Address, "/scim/v2/default"), token, CancellationToken.None);
        var summary = smoke.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        output.WriteLine($"smoke: {summary}; {proxy.Forwarded} requests; done at {elapsed.Elapsed.TotalSeconds:F1} s");
        Assert.True(proxy.Restarted, $"the suite sent only {proxy.Forwarded} requests: the server was never killed\n{smoke}");
        Assert.True(exitCode == 0, $"the IdP smoke suite failed across the restart:\n{smoke}\n{current.Output}");

        var outbox = await ReadFeedAsync(current.BaseAddress, adminKey);
        Assert.True(outbox.Count >= 100, $"only {outbox.Count} events from the replay");
        var waited = Stopwatch.StartNew();
        while (outbox.Any(e => !receiver.Accepted.Any(d => d.EventId == (string)e["id"]!)) && waited.Elapsed < DeliveryTimeout)
        {
            await Task.Delay(200);
        }
        var accepted = receiver.Accepted;
        var missing = outbox.Where(e => !accepted.Any(d => d.EventId == (string)e["id"]!)).Select(e => (string)e["id"]!).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {outbox.Count} events never delivered, e.g. {string.Join(", ", missing.Take(5))}\n{current.Output}");
        output.WriteLine($"{outbox.Count} events, {receiver.Deliveries.Count} deliveries ({receiver.Deliveries.Count(d => d.Status != 200)} refused), "
            + $"{accepted.Count - accepted.Select(d => d.EventId).Distinct().Count()} duplicates, all in at {elapsed.Elapsed.TotalSeconds:F1} s");

        Assert.All(receiver.Deliveries, d => Assert.True(d.SignatureValid, $"bad signature on {d.EventId}: {d.Signature}"));
        // A duplicate is the same event again: same id, same bytes.
        Assert.All(accepted.GroupBy(d => d.EventId), same => Assert.Single(same.Select(d => Convert.ToBase64String(d.Body)).Distinct()));
        // Each resource's events were first accepted in sequence order, and nothing arrived that the outbox does not hold.
        var sequences = outbox.ToDictionary(e => (string)e["id"]!, e => ((string)e["resource"]!["id"]!, (long)e["sequence"]!));
        Assert.All(accepted, d => Assert.True(sequences.ContainsKey(d.EventId!), $"{d.EventId} is not in the outbox"));
        foreach (var resource in accepted.DistinctBy(d => d.EventId).GroupBy(d => sequences[d.EventId!].Item1))
        {
            var order = resource.Select(d => sequences[d.EventId!].Item2).ToList();
            Assert.True(order.SequenceEqual(order.Order()), $"resource {resource.Key}: events accepted in the order {string.Join(", ", order)}");
        }
    }

    private async Task<string[]> SettingsAsync()
    {
        string[] common =
        [
            "--Provisio:RateLimits:Enabled=false",
            "--Provisio:Webhooks:AllowPrivateNetworks=true",
            "--Provisio:Webhooks:RetryBaseDelay=00:00:00.200",
            "--Provisio:Webhooks:RetryFactor=2",
            "--Provisio:Webhooks:RetryMaxDelay=00:00:01",
            "--Provisio:Webhooks:PollInterval=00:00:00.100",
        ];
#if POSTGRES
        var cluster = await Provisio.Tests.Support.PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("hookcrash_" + Guid.NewGuid().ToString("N")[..16]);
        return [.. common, "--Provisio:Storage:Provider=postgres", $"--Provisio:Storage:ConnectionString={connectionString}"];
#else
        await Task.CompletedTask;
        return [.. common, $"--Provisio:Storage:DataDirectory={dataDirectory}"];
#endif
    }

    /// <summary>An admin key made the way <c>provisio admin-keys create</c> makes one: on the same storage, without serving.</summary>
    private static async Task<string> IssueAdminKeyAsync(string[] settings)
    {
        await using var app = ServerHost.Build(settings);
        await app.Services.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
        var (_, key) = await app.Services.GetRequiredService<AdminKeyIssuer>().IssueAsync("webhook-crash-test", CancellationToken.None);
        return key;
    }

    private async Task<string> AddEndpointAsync(Uri server, string adminKey, Uri url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/api/tenants/default/webhooks"))
        {
            Content = JsonContent.Create(new JsonObject { ["url"] = url.ToString() }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return (string)JsonNode.Parse(body)!["secret"]!;
    }

    private async Task<List<JsonObject>> ReadFeedAsync(Uri server, string adminKey)
    {
        var events = new List<JsonObject>();
        string? after = null;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, AdminClient.EventsUrl("default", after, 1_000)));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            using var response = await http.SendAsync(request);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            events.AddRange(page["events"]!.AsArray().Select(e => e!.AsObject()));
            after = (string?)page["next"];
            if (!(bool)page["hasMore"]!)
            {
                return events;
            }
        }
    }

    private ProvisioProcess Start(IEnumerable<string> settings)
    {
        var server = ProvisioProcess.Start(settings);
        servers.Add(server);
        return server;
    }

    public void Dispose()
    {
        foreach (var server in servers)
        {
            server.Dispose();
        }
        http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
